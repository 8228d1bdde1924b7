using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>Where a task talks to Port and with which credentials, and where each came from (for messages).</summary>
/// <param name="ClientSecret">Masked with the agent when it was read; prints as ***.</param>
public sealed record PortConnection(string BaseUrl, string ClientId, Secret ClientSecret, string CredentialSource, string BaseUrlSource);

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
    public const string BaseUrlVariable = "PORT_BASE_URL";

    public static PortConnection Resolve(TaskInputReader inputs)
    {
        string? clientId = null, connectionUrl = null, source = null;
        Secret? clientSecret = null;

        if (inputs.String(ConnectionInput) is { } connectionId)
        {
            var endpoint = inputs.Endpoint(connectionId)
                ?? throw new TaskInputException(ConnectionInput, $"names the service connection '{connectionId}', but the agent gave no details for it. Check that it exists, is a Port connection, and that this pipeline may use it.");
            clientId = endpoint.Parameter("USERNAME") ?? endpoint.Parameter("CLIENTID");
            clientSecret = (endpoint.Parameter("PASSWORD") ?? endpoint.Parameter("CLIENTSECRET")) is { } secret ? new Secret(secret) : null;
            connectionUrl = endpoint.Url;
            source = "the service connection (input 'portConnection')";
            if (clientId is null || clientSecret is null)
            {
                throw new TaskInputException(ConnectionInput, "names a service connection that has no client ID or client secret. Edit it in Project settings > Service connections and fill both.");
            }
        }
        else if (inputs.String(ClientIdInput) is not null || inputs.String(ClientSecretInput) is not null)
        {
            clientSecret = inputs.Secret(ClientSecretInput) ?? throw new TaskInputException(ClientSecretInput, "is required when 'clientId' is given: give your Port client secret, e.g. $(PORT_CLIENT_SECRET) from a secret variable.");
            clientId = inputs.String(ClientIdInput) ?? throw new TaskInputException(ClientIdInput, "is required when 'clientSecret' is given: give your Port client ID, e.g. $(PORT_CLIENT_ID).");
            source = "the inputs 'clientId' and 'clientSecret'";
        }
        else if (inputs.SecretVariable("PORT_CLIENT_SECRET") is { } variableSecret)
        {
            clientSecret = variableSecret;
            clientId = inputs.Environment.AnyVariable("PORT_CLIENT_ID")
                ?? throw new TaskFailedException("The variable PORT_CLIENT_SECRET is set, but PORT_CLIENT_ID is not: define PORT_CLIENT_ID with your Port client ID.");
            source = "the variables PORT_CLIENT_ID and PORT_CLIENT_SECRET";
        }

        if (clientId is null || clientSecret is null || source is null)
        {
            throw new TaskInputException(ConnectionInput,
                "is empty, and no other Port credentials were found. Give them one of three ways: a Port service connection in 'portConnection'; " +
                "the inputs 'clientId' and 'clientSecret'; or the pipeline variables PORT_CLIENT_ID and PORT_CLIENT_SECRET (make the secret a secret variable). " +
                "Port's credentials are under Port > your avatar > Credentials.");
        }

        var (baseUrl, urlSource) = BaseUrl(inputs, connectionUrl);
        return new PortConnection(baseUrl, clientId, clientSecret, source, urlSource);
    }

    /// <summary>The API URL and where it came from, checked: a bad value is blamed on the place that gave it.</summary>
    private static (string Url, string Source) BaseUrl(TaskInputReader inputs, string? connectionUrl)
    {
        const string Fix = "use one of ";
        var regions = string.Join(", ", PortBaseUrl.KnownRegions);
        (string Url, string Source, Func<string, Exception> Blame) choice =
            inputs.String(BaseUrlInput) is { } given
                ? (given, "input 'baseUrl'", problem => new TaskInputException(BaseUrlInput, $"{problem}; {Fix}{regions}."))
            : connectionUrl is not null
                ? (connectionUrl, "the service connection's URL", problem => new TaskInputException(ConnectionInput, $"names a service connection whose URL {problem}. Edit it in Project settings > Service connections ({Fix}{regions})."))
            : inputs.Environment.AnyVariable(BaseUrlVariable) is { } variable
                ? (variable, $"the variable {BaseUrlVariable}", problem => new TaskFailedException($"The variable {BaseUrlVariable} {problem}; {Fix}{regions}, or remove the variable."))
            : (PortBaseUrl.Default, "Port's default URL", problem => new InvalidOperationException(problem));

        try
        {
            PortBaseUrl.Normalize(choice.Url);
            return (choice.Url, choice.Source);
        }
        catch (ArgumentException)
        {
            throw choice.Blame($"holds '{choice.Url}', which is not an http(s) URL");
        }
    }
}
