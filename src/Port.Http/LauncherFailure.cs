using System.Net.Sockets;

namespace Port.Http;

/// <summary>
/// Turns a failure the launcher reports (Node's error code and message) into what .NET's own handler would have thrown,
/// so that the clients decide the same way what may be retried, and what certainly never reached the server.
/// </summary>
internal static class LauncherFailure
{
    public static HttpRequestException From(string code, string message) => code switch
    {
        "ENOTFOUND" or "EAI_AGAIN" or "EAI_FAIL" or "EAI_NONAME" =>
            new(HttpRequestError.NameResolutionError, message, new SocketException((int)SocketError.HostNotFound)),
        "ECONNREFUSED" => new(HttpRequestError.ConnectionError, message, new SocketException((int)SocketError.ConnectionRefused)),
        "EHOSTUNREACH" => new(HttpRequestError.ConnectionError, message, new SocketException((int)SocketError.HostUnreachable)),
        "ENETUNREACH" => new(HttpRequestError.ConnectionError, message, new SocketException((int)SocketError.NetworkUnreachable)),
        "ETIMEDOUT" => new(HttpRequestError.ConnectionError, message, new SocketException((int)SocketError.TimedOut)),
        "PROXY_FAILED" => new(HttpRequestError.ProxyTunnelError, message),
        "INVALID_REQUEST" => new(HttpRequestError.Unknown, message),
        _ when IsTls(code) => new(HttpRequestError.SecureConnectionError, message),
        // ECONNRESET, EPIPE, a socket hang-up: the request may have reached the server.
        _ => new(HttpRequestError.ResponseEnded, message, new IOException(message)),
    };

    private static bool IsTls(string code) =>
        code.StartsWith("ERR_TLS_", StringComparison.Ordinal) || code.StartsWith("ERR_SSL_", StringComparison.Ordinal)
        || code.StartsWith("CERT_", StringComparison.Ordinal) || code.StartsWith("UNABLE_TO_", StringComparison.Ordinal)
        || code is "DEPTH_ZERO_SELF_SIGNED_CERT" or "SELF_SIGNED_CERT_IN_CHAIN" or "HOSTNAME_MISMATCH";
}
