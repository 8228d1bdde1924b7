using System.Net;
using Port.Client;

namespace Port.Tasks.Common;

/// <summary>Turns a Port failure into one sentence a pipeline user can act on, naming where the setting came from.</summary>
public static class PortFailure
{
    public static string Describe(PortApiException exception, PortConnection connection) => exception switch
    {
        PortAuthenticationException { Error: "missing_credentials" } => $"Port credentials are missing in {connection.CredentialSource}.",
        PortAuthenticationException => $"Port refused the credentials from {connection.CredentialSource} ({exception.Describe()}). Check the client ID and secret (Port > Credentials) and the region of {connection.BaseUrl} (from {connection.BaseUrlSource}).",
        { Error: "connection_failed" or "timeout" } => $"Could not reach Port at {connection.BaseUrl} (from {connection.BaseUrlSource}): {exception.Message}",
        { StatusCode: HttpStatusCode.TooManyRequests } => $"Port's rate limit held after every retry ({exception.Describe()}). Try again later or spread the calls.",
        _ => $"Port answered {exception.Describe()}",
    };
}
