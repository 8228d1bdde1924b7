namespace Port.Pipelines;

/// <summary>
/// Reads what the agent gives a task through the environment: inputs (<c>INPUT_NAME</c>), variables
/// (<c>SYSTEM_DEBUG</c>), secret variables (<c>SECRET_NAME</c>) and service connections (<c>ENDPOINT_*_id</c>).
/// </summary>
public sealed class TaskEnvironment(IEnvironment environment)
{
    private static readonly string[] EndpointAuthKeys = ["USERNAME", "PASSWORD", "APITOKEN", "CLIENTID", "CLIENTSECRET", "ACCESSTOKEN"];

    /// <summary>An input, trimmed; null when absent or blank (the agent trims inputs too).</summary>
    public string? Input(string name) => Blank(environment.Get("INPUT_" + ToEnvName(name)));

    /// <summary>A public variable such as <c>System.Debug</c> or <c>Agent.JobStatus</c>.</summary>
    public string? Variable(string name) => Blank(environment.Get(ToEnvName(name)));

    /// <summary>A secret variable, which the agent passes to Node handlers as <c>SECRET_NAME</c>.</summary>
    public string? SecretVariable(string name) => Blank(environment.Get("SECRET_" + ToEnvName(name)));

    /// <summary>A variable whether it is secret or not: secret first.</summary>
    public string? AnyVariable(string name) => SecretVariable(name) ?? Variable(name);

    /// <summary>True when the pipeline runs with System.Debug=true.</summary>
    public bool IsDebug => string.Equals(Variable("System.Debug"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The service connection whose id an input holds, or null when the agent gave none for it.</summary>
    public ServiceEndpoint? Endpoint(string id)
    {
        // Endpoint ids are GUIDs; the agent writes them lower-case and hyphenated in variable names.
        var key = Guid.TryParse(id, out var guid) ? guid.ToString("D") : id.Trim();
        var url = Blank(environment.Get($"ENDPOINT_URL_{key}"));
        var scheme = Blank(environment.Get($"ENDPOINT_AUTH_SCHEME_{key}"));
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var authKey in EndpointAuthKeys)
        {
            if (Blank(environment.Get($"ENDPOINT_AUTH_PARAMETER_{key}_{authKey}")) is { } value)
            {
                parameters[authKey] = value;
            }
        }

        return url is null && scheme is null && parameters.Count == 0 ? null : new ServiceEndpoint(key, url, scheme, parameters);
    }

    /// <summary>The agent's variable-to-environment rule: '.' and ' ' become '_', then upper case.</summary>
    public static string ToEnvName(string name) => name.Replace('.', '_').Replace(' ', '_').ToUpperInvariant();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
