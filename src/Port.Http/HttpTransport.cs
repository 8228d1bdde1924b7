using System.Diagnostics.CodeAnalysis;

namespace Port.Http;

/// <summary>
/// The HTTP handler a client uses when its caller gives none: the task's launcher when the process was started by one
/// (<see cref="LauncherTransport"/>), else .NET's own <see cref="SocketsHttpHandler"/>.
/// </summary>
public static class HttpTransport
{
    private const string DirectSwitch = "Port.Http.DirectHttp.IsSupported";

    /// <summary>
    /// False in the task executables (TaskExecutable.props): they always run under their launcher, so NativeAOT leaves
    /// out .NET's HTTP connections, TLS, certificates and the OpenSSL shim, 43% of each binary.
    /// </summary>
    [FeatureSwitchDefinition(DirectSwitch)]
    private static bool DirectHttpIsSupported => !AppContext.TryGetSwitch(DirectSwitch, out var supported) || supported;

    /// <summary>A new handler, owned by the caller.</summary>
    public static HttpMessageHandler Create()
    {
        if (LauncherTransport.FromEnvironment() is { } launcher)
        {
            return launcher;
        }

        if (DirectHttpIsSupported)
        {
            return new SocketsHttpHandler();
        }

        throw new InvalidOperationException(
            $"This task executable sends its requests through its launcher, and {LauncherTransport.Variable} is not set: " +
            "run the task as the agent does, with node launcher.js in the task's folder (see the README, \"Run it\").");
    }
}
