using System.Text.Json.Nodes;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// One service connection as the endpoint proxy sees it: its URL, its data (the endpoint type's own inputs) and the
/// parameters of its authentication scheme, and what each kind of template may read of them.
/// </summary>
public sealed class ServiceEndpointConnection
{
    private readonly Dictionary<string, string> _data;
    private readonly Dictionary<string, string> _parameters;

    /// <param name="confidentialData">Ids of the endpoint type's inputs marked <c>isConfidential</c>: never in the data context.</param>
    public ServiceEndpointConnection(Uri url, IDictionary<string, string> data, IDictionary<string, string> parameters, ISet<string> confidentialData)
    {
        Url = url;
        _data = data.Where(d => !confidentialData.Contains(d.Key)).ToDictionary(StringComparer.OrdinalIgnoreCase);
        _parameters = new(parameters, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The URL as the templates see it: its absolute form, with a trailing slash when it has no path.</summary>
    public Uri Url { get; }

    /// <summary>What a data source's URL and body are rendered with: the URL and non-confidential data, no credentials.</summary>
    public JsonObject DataContext() => new() { ["endpoint"] = Object(_data.Append(new("url", Url.AbsoluteUri))) };

    /// <summary>What the authentication scheme's headers are rendered with: data and every parameter, and the request.</summary>
    public JsonObject HeaderContext(HttpRequestMessage request) => new()
    {
        ["endpoint"] = Object(_data.Concat(_parameters.Where(p => !_data.ContainsKey(p.Key)))),
        ["request"] = new JsonObject
        {
            ["Method"] = request.Method.Method,
            ["Host"] = request.RequestUri!.Authority,
            ["AbsolutePath"] = request.RequestUri.AbsolutePath,
            ["Query"] = request.RequestUri.Query,
        },
    };

    /// <summary><c>endpoint.x</c> from the URL or data only (a helper's <c>authServerUrl</c>); null when it names nothing there.</summary>
    public string? DataVariable(string word) => Name(word) switch
    {
        null => null,
        var name when name.Equals("url", StringComparison.OrdinalIgnoreCase) => Url.AbsoluteUri,
        var name => _data.GetValueOrDefault(name) is { Length: > 0 } value ? value : null,
    };

    /// <summary><c>endpoint.x</c> from the URL, data or parameters (a helper's body, username, password); unknown names fail.</summary>
    public string Variable(string word)
    {
        if (!word.StartsWith("endpoint.", StringComparison.OrdinalIgnoreCase))
        {
            return word;
        }

        return DataVariable(word) ?? (Name(word) is { } name && _parameters.TryGetValue(name, out var value) ? value
            : throw new InvalidOperationException($"The connection has no variable {word}."));
    }

    private static string? Name(string word) => word.Split('.') is [var head, var name] && head.Equals("endpoint", StringComparison.OrdinalIgnoreCase) ? name : null;

    private static JsonObject Object(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));
}
