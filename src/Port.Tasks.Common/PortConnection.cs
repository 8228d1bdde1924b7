using Port.Client;

namespace Port.Tasks.Common;

/// <summary>Where a task talks to Port and with which credentials, and where each came from (for messages).</summary>
public sealed record PortConnection(string BaseUrl, string ClientId, string ClientSecret, string CredentialSource, string BaseUrlSource);

/// <summary>
/// Finds Port credentials: the service connection (input <c>portConnection</c>), else the inputs
/// <c>clientId</c>/<c>clientSecret</c>, else the variables <c>PORT_CLIENT_ID</c>/<c>PORT_CLIENT_SECRET</c> (secret or not).
/// The URL: input <c>baseUrl</c>, else the connection's URL, else variable <c>PORT_BASE_URL</c>, else Port's default.
/// </summary>
public static class PortConnectionResolver
{
    public const string ConnectionInput = "portConnection";
    public const string ClientIdInput = "clientId";
    public const string ClientSecretInput = "clientSecret";
    public const string BaseUrlInput = "baseUrl";

    public static PortConnection Resolve(TaskInputReader inputs)
    {
        var environment = inputs.Environment;
        string? clientId = null, clientSecret = null, connectionUrl = null, source = null;

        if (inputs.String(ConnectionInput) is { } connectionId)
        {
            var endpoint = environment.Endpoint(connectionId)
                ?? throw new TaskInputException(ConnectionInput, $"names the service connection '{connectionId}', but the agent gave no details for it. Check that it exists, is a Port connection, and that this pipeline may use it.");
            clientId = endpoint.Parameter("USERNAME") ?? endpoint.Parameter("CLIENTID");
            clientSecret = endpoint.Parameter("PASSWORD") ?? endpoint.Parameter("CLIENTSECRET");
            connectionUrl = endpoint.Url;
            source = "the service connection (input 'portConnection')";
            if (clientId is null || clientSecret is null)
            {
                throw new TaskInputException(ConnectionInput, "names a service connection that has no client ID or client secret. Edit it in Project settings > Service connections and fill both.");
            }
        }
        else if (inputs.String(ClientIdInput) is not null || inputs.String(ClientSecretInput) is not null)
        {
            clientId = inputs.String(ClientIdInput) ?? throw new TaskInputException(ClientIdInput, "is required when 'clientSecret' is given: give your Port client ID, e.g. $(PORT_CLIENT_ID).");
            clientSecret = inputs.String(ClientSecretInput) ?? throw new TaskInputException(ClientSecretInput, "is required when 'clientId' is given: give your Port client secret, e.g. $(PORT_CLIENT_SECRET) from a secret variable.");
            source = "the inputs 'clientId' and 'clientSecret'";
        }
        else if (environment.AnyVariable("PORT_CLIENT_ID") is { } variableId && environment.AnyVariable("PORT_CLIENT_SECRET") is { } variableSecret)
        {
            clientId = variableId;
            clientSecret = variableSecret;
            source = "the variables PORT_CLIENT_ID and PORT_CLIENT_SECRET";
        }

        if (clientId is null || clientSecret is null || source is null)
        {
            throw new TaskInputException(ConnectionInput,
                "is empty, and no other Port credentials were found. Give them one of three ways: a Port service connection in 'portConnection'; " +
                "the inputs 'clientId' and 'clientSecret'; or the pipeline variables PORT_CLIENT_ID and PORT_CLIENT_SECRET (make the secret a secret variable). " +
                "Port's credentials are under Port > your avatar > Credentials.");
        }

        var (baseUrl, urlSource) = inputs.String(BaseUrlInput) is { } given ? (given, "input 'baseUrl'")
            : connectionUrl is not null ? (connectionUrl, "the service connection's URL")
            : environment.AnyVariable("PORT_BASE_URL") is { } variable ? (variable, "the variable PORT_BASE_URL")
            : (PortBaseUrl.Default, "Port's default URL");

        try
        {
            PortBaseUrl.Normalize(baseUrl);
        }
        catch (ArgumentException)
        {
            throw new TaskInputException(urlSource.StartsWith("input", StringComparison.Ordinal) ? BaseUrlInput : ConnectionInput,
                $"holds '{baseUrl}' (from {urlSource}), which is not an http(s) URL; use one of {string.Join(", ", PortBaseUrl.KnownRegions)}.");
        }

        return new PortConnection(baseUrl, clientId, clientSecret, source, urlSource);
    }
}
