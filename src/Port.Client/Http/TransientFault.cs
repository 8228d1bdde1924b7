using System.Net;
using System.Net.Sockets;

namespace Port.Client.Http;

/// <summary>Decides which failed attempts may be tried again.</summary>
internal static class TransientFault
{
    /// <summary>408, 429 and 5xx are worth another attempt; other answers are final.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>A network failure or an attempt timeout.</summary>
    public static bool IsTransientException(Exception exception) =>
        exception is HttpRequestException or PortTimeoutException or IOException;

    /// <summary>
    /// True only when Port certainly did not act on the request: a 429 (rejected before processing) or a connection
    /// that was never made. Only these may repeat a call that is not idempotent.
    /// </summary>
    public static bool CertainlyNotProcessed(HttpStatusCode? status, Exception? exception)
    {
        if (status == HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        // A name that does not resolve, or a proxy that would not open its tunnel: nothing reached Port.
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError })
        {
            return true;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a failed call may still have taken effect: the connection broke or timed out after it was made, or
    /// Port answered 5xx (which can come after the write). A call that is not idempotent must not simply be repeated.
    /// </summary>
    public static bool MayHaveLanded(PortApiException failure) =>
        failure is not PortOutcomeUnknownException
        && (failure.StatusCode is { } status ? (int)status >= 500
            : failure.Error is "connection_failed" or "timeout" && !CertainlyNotProcessed(null, failure.InnerException));
}
