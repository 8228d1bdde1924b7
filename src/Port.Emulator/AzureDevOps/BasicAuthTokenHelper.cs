using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// <c>{{ #getTokenUsingBasicAuth {…} }}</c> in an authentication scheme's header, as the reference
/// (shared/reference/azure-devops-endpoints.md) describes Azure DevOps' helper: the argument's <c>endpoint.x</c> words
/// are replaced (in <c>authServerUrl</c> with the URL and non-confidential data only, the URL in its absolute form, and
/// no <c>//</c> collapsed; in <c>body</c> with any field, confidential ones too, JSON-escaped), the body goes as
/// <c>application/json</c> with a Basic header of the username and password, and the selected value is what the header
/// gets. A non-200 answer fails the data source with the answer's text (<see cref="EndpointAuthorizationException"/>).
/// </summary>
public sealed partial class BasicAuthTokenHelper(ServiceEndpointConnection connection, HttpClient http)
{
    public const string Name = "#getTokenUsingBasicAuth";

    /// <summary>The cap on the helper's request body and on its answer.</summary>
    public const int Limit = 102_400;

    private static readonly HashSet<string> Arguments = ["method", "authServerUrl", "body", "resultSelector", "username", "password"];

    public string Invoke(string argument)
    {
        if (argument.Contains('"', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"The emulator reads the helper's argument written with single quotes only: {argument}");
        }

        var parsed = JsonNode.Parse(argument.Replace('\'', '"')) as JsonObject ?? throw new NotSupportedException($"Not an object: {argument}");
        if (parsed.Select(p => p.Key).FirstOrDefault(k => !Arguments.Contains(k)) is { } unknown)
        {
            throw new NotSupportedException($"The emulator's {Name} takes {string.Join(", ", Arguments)}, not '{unknown}'.");
        }

        var method = (string?)parsed["method"] ?? "get";
        if (method.ToUpperInvariant() is not ("GET" or "POST"))
        {
            throw new InvalidOperationException($"{Name}: method '{method}' is neither get nor post.");
        }

        var url = EndpointVariable().Replace((string?)parsed["authServerUrl"] ?? "endpoint.url", m => connection.DataVariable(m.Value) ?? m.Value);
        var body = EndpointVariable().Replace((parsed["body"] ?? new JsonObject()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
            m => JsonEscape(connection.Variable(m.Value)));
        if (body.Length > Limit)
        {
            throw new InvalidOperationException($"{Name}: the body is over {Limit} characters.");
        }

        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), new Uri(url));
        var user = connection.Variable((string?)parsed["username"] ?? "endpoint.username");
        var password = connection.Variable((string?)parsed["password"] ?? "endpoint.password");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = http.Send(request);
        var text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new EndpointAuthorizationException(text);
        }

        if (text.Length > Limit)
        {
            throw new InvalidOperationException($"{Name}: the answer is over {Limit} characters.");
        }

        var selector = (string?)parsed["resultSelector"] ?? EndpointJsonPath.Prefix + "$.*";
        var selected = EndpointJsonPath.Select(JsonNode.Parse(text), selector);
        return selected is [JsonValue value] ? (value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString())
            : throw new InvalidOperationException($"{Name}: {selector} selects {selected.Count} values in the answer, not one value.");
    }

    /// <summary>JSON string escaping without the quotes: what a body's <c>endpoint.x</c> becomes.</summary>
    private static string JsonEscape(string value)
    {
        var quoted = JsonSerializer.Serialize(value, EmulatorJson.Options);
        return quoted[1..^1];
    }

    /// <summary>
    /// Azure DevOps' pattern for these words: <c>endpoint</c>, any one character, then letters, digits, <c>_</c>,
    /// <c>,</c> and <c>-</c>. So <c>endpoint.url./v1</c> stops at the second dot, and <c>endpoint.urlv1</c> is one word.
    /// </summary>
    [GeneratedRegex("endpoint.[A-Za-z0-9_,-]*")]
    private static partial Regex EndpointVariable();
}

/// <summary>The token request of an authentication scheme's header failed: its message is the answer's text.</summary>
public sealed class EndpointAuthorizationException(string message) : Exception(message);
