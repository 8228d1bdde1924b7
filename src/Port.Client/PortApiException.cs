using System.Net;

namespace Port.Client;

/// <summary>
/// Port answered with an error, or a request could not be completed.
/// Carries Port's own <c>error</c> code and <c>message</c> from its <c>{ok:false, error, message}</c> body.
/// </summary>
public class PortApiException : Exception
{
    public PortApiException(HttpStatusCode? statusCode, string? error, string message, string? method = null, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Error = error;
        Method = method;
        Path = path;
    }

    /// <summary>The HTTP status Port answered with; null when no answer arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>What the failure is about (the blueprint, the entity, a related entity, the run, …), for messages that name a setting.</summary>
    public PortErrorSubject Subject { get; init; }

    /// <summary>Port's machine-readable error code, such as <c>not_found</c>.</summary>
    public string? Error { get; }

    public string? Method { get; }

    public string? Path { get; }

    /// <summary>"404 not_found: Blueprint not found (GET /v1/...)" — what a pipeline log should show.</summary>
    public string Describe()
    {
        var status = StatusCode is { } code ? $"{(int)code} " : "";
        var error = string.IsNullOrEmpty(Error) ? "" : $"{Error}: ";
        var route = Method is null ? "" : $" ({Method} {Path})";
        return $"{status}{error}{Message}{route}";
    }
}

/// <summary>The resource (blueprint, entity, run) does not exist: Port answered 404.</summary>
public sealed class PortNotFoundException(string? error, string message, string? method = null, string? path = null)
    : PortApiException(HttpStatusCode.NotFound, error, message, method, path);

/// <summary>Port refused the credentials or the token (401/403).</summary>
public sealed class PortAuthenticationException(HttpStatusCode statusCode, string? error, string message, string? method = null, string? path = null)
    : PortApiException(statusCode, error, message, method, path);

/// <summary>
/// A write that is not idempotent failed in a way that leaves unknown whether Port acted on it (the connection broke,
/// the answer timed out, Port answered 5xx) and reading Port back could not tell. It was not repeated.
/// </summary>
public sealed class PortOutcomeUnknownException(string message, string? method, string? path, Exception? innerException)
    : PortApiException(null, "outcome_unknown", message, method, path, innerException);
