namespace Port.Pipelines;

/// <summary>A service connection as the agent hands it to a task: its URL, auth scheme and auth parameters.</summary>
public sealed record ServiceEndpoint(string Id, string? Url, string? AuthScheme, IReadOnlyDictionary<string, string> AuthParameters)
{
    /// <summary>An auth parameter by key, case-insensitively (the agent upper-cases keys).</summary>
    public string? Parameter(string key) => AuthParameters.TryGetValue(key.ToUpperInvariant(), out var value) ? value : null;
}
