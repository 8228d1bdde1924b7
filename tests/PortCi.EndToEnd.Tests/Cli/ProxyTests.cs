namespace EndToEnd.Cli;

/// <summary>port-ci behind a corporate proxy: HTTP_PROXY and HTTPS_PROXY are used, NO_PROXY is respected.</summary>
public class ProxyTests : CliTest
{
    private static Dictionary<string, string> Credentials(string baseUrl) => new()
    {
        ["PORT_CLIENT_ID"] = SimulatedCi.ClientId, ["PORT_CLIENT_SECRET"] = SimulatedCi.ClientSecret, ["PORT_BASE_URL"] = baseUrl,
    };

    [Test]
    public void HttpProxy_CarriesEveryRequest()
    {
        using var proxy = new RecordingProxy();
        var environment = Credentials(Emulator.BaseUrl);
        environment["HTTP_PROXY"] = proxy.Url;

        var run = CliArchive.Run(environment, "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(proxy.RequestLines, Has.Some.StartsWith($"POST {Emulator.BaseUrl.TrimEnd('/')}/v1/auth/access_token "), "the token request went through the proxy");
    }

    [Test]
    public void NoProxy_SendsThoseHostsDirectly()
    {
        using var proxy = new RecordingProxy();
        var environment = Credentials(Emulator.BaseUrl);
        environment["HTTP_PROXY"] = proxy.Url;
        environment["NO_PROXY"] = "127.0.0.1";

        var run = CliArchive.Run(environment, "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(proxy.RequestLines, Is.Empty);
    }

    [Test]
    public void HttpsProxy_IsAskedForATunnelToPort_AndItsRefusalIsSaid()
    {
        // Port is HTTPS: the client asks the proxy for a tunnel (CONNECT) to it. This proxy refuses, so the command fails,
        // saying so. The address stands for Port's and is on loopback, so that nothing could leave this machine.
        using var proxy = new RecordingProxy();
        var environment = Credentials("https://127.0.0.2:9");
        environment["HTTPS_PROXY"] = proxy.Url;
        environment["PORT_ATTEMPT_TIMEOUT"] = "5";

        var run = CliArchive.Run(environment, "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(proxy.RequestLines, Has.Some.EqualTo("CONNECT 127.0.0.2:9 HTTP/1.1"));
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Stderr);
        Assert.That(run.Stderr, Does.Contain("403"), "the proxy's answer is in the error");
    }
}
