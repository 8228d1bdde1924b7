using System.Net;

namespace Port.AzureDevOps;

/// <summary>An Azure DevOps REST call failed: refused (401, 403, a 203 sign-in page), missing (404), or no answer.</summary>
public sealed class AzureDevOpsException(HttpStatusCode? statusCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The HTTP status; null when no answer arrived.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
