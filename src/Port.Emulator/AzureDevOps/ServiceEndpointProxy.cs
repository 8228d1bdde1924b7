using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// Azure DevOps' <c>POST {collection}/{project}/_apis/serviceendpoint/endpointproxy</c>, which Verify and the task
/// editor's pickers call: it runs one data source of a service endpoint type from an extension's
/// <c>vss-extension.json</c> (named, or an inline URL of a task's <c>dataSourceBindings</c>) against the connection's
/// server, and shapes the answer with the binding's result selector and template. Templates are rendered by the rules
/// of shared/reference/azure-devops-endpoints.md: a data source's URL and body see the URL and non-confidential data
/// only; the authentication scheme's headers see every field and may call <see cref="BasicAuthTokenHelper"/>.
/// The request body is Azure DevOps' <c>ServiceEndpointRequest</c>, with <c>serviceEndpointDetails</c> always given
/// (the stand-in stores no connections); the answer is its <c>ServiceEndpointRequestResult</c>.
/// </summary>
public sealed partial class ServiceEndpointProxy
{
    public const string Route = AzureDevOpsEndpoints.Prefix + "/{organization}/{project}/_apis/serviceendpoint/endpointproxy";

    /// <summary>About what Azure DevOps reads of one data-source answer.</summary>
    public const int AnswerLimit = 2 * 1024 * 1024;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Azure DevOps' names of an authorization scheme, and the endpoint type's scheme each one is.</summary>
    private static readonly Dictionary<string, string> Schemes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UsernamePassword"] = "ms.vss-endpoint.endpoint-auth-scheme-basic",
        ["Token"] = "ms.vss-endpoint.endpoint-auth-scheme-token",
        ["None"] = "ms.vss-endpoint.endpoint-auth-scheme-none",
    };

    private static readonly string[] Paging = ["callbackContextTemplate", "callbackRequiredTemplate", "initialContextTemplate"];

    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _types = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers every service endpoint type an extension's manifest contributes (by its <c>name</c>, e.g. <c>port</c>).</summary>
    public void AddExtension(string vssExtensionPath)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(vssExtensionPath))!;
        lock (_gate)
        {
            var contributions = manifest["contributions"] as JsonArray ?? throw new InvalidDataException($"{vssExtensionPath} has no contributions.");
            foreach (var contribution in contributions.Where(c => (string?)c?["type"] == "ms.vss-endpoint.service-endpoint-type"))
            {
                var properties = contribution!["properties"] as JsonObject ?? throw new InvalidDataException($"{vssExtensionPath}: an endpoint type without properties.");
                _types[(string?)properties["name"] ?? throw new InvalidDataException($"{vssExtensionPath}: an endpoint type without a name.")] = (JsonObject)properties.DeepClone();
            }
        }
    }

    public static void Map(WebApplication app, ServiceEndpointProxy proxy) =>
        app.MapPost(Route, async (HttpContext context) =>
        {
            try
            {
                var request = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw new ArgumentException("The body is not a ServiceEndpointRequest object.");
                return Results.Text((await proxy.ExecuteAsync(request, context.RequestAborted)).ToJsonString(EmulatorJson.Options), "application/json");
            }
            catch (EndpointAuthorizationException ex)
            {
                return AzureDevOpsEndpoints.Error(400, ex.Message, "InvalidAuthorizationDetailsException");
            }
            catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException or HttpRequestException)
            {
                return AzureDevOpsEndpoints.Error(400, ex.Message, ex.GetType().Name);
            }
            catch (NotSupportedException ex)
            {
                return AzureDevOpsEndpoints.Error(501, "The emulator's endpoint proxy cannot render this: " + ex.Message, ex.GetType().Name);
            }
        });

    /// <summary>Runs the data source; the result holds <c>statusCode</c> (camelCase, as Azure DevOps writes it), <c>errorMessage</c> and <c>result</c> (strings).</summary>
    public async Task<JsonObject> ExecuteAsync(JsonObject request, CancellationToken cancellationToken = default)
    {
        var details = request["serviceEndpointDetails"] as JsonObject ?? throw new ArgumentException("serviceEndpointDetails is required: the stand-in keeps no saved connections.");
        var type = Type((string?)details["type"]);
        var connection = Connection(details, type);
        var scheme = Scheme(type, (string?)details["authorization"]?["scheme"]);
        var source = DataSource(type, request["dataSourceDetails"] as JsonObject ?? throw new ArgumentException("dataSourceDetails is required."));
        var template = (string?)request["resultTransformationDetails"]?["resultTemplate"] is { Length: > 0 } t ? t : (string?)source["resultTemplate"];
        if (Paging.FirstOrDefault(p => source[p] is not null || request["resultTransformationDetails"]?[p] is not null) is { } paging)
        {
            throw new NotSupportedException($"{paging} (paging) is not in the emulator's subset.");
        }

        using var call = Request(source, connection);
        var helpers = new Dictionary<string, EndpointMustache.Helper> { [BasicAuthTokenHelper.Name] = new BasicAuthTokenHelper(connection, Http).Invoke };
        foreach (var header in scheme["headers"]?.AsArray() ?? [])
        {
            call.Headers.Remove((string)header!["name"]!);
            call.Headers.TryAddWithoutValidation((string)header["name"]!, EndpointMustache.Render((string)header["value"]!, connection.HeaderContext(call), helpers));
        }

        using var response = await Http.SendAsync(call, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var answer = new JsonObject
        {
            ["statusCode"] = JsonNamingPolicy.CamelCase.ConvertName(response.StatusCode.ToString()),
            ["errorMessage"] = response.StatusCode == HttpStatusCode.OK ? null : text,
            ["result"] = new JsonArray(),
        };
        if (response.StatusCode != HttpStatusCode.OK || string.Equals((string?)source["name"], "TestConnection", StringComparison.OrdinalIgnoreCase))
        {
            return answer; // Verify counts the status only.
        }

        if (text.Length > AnswerLimit)
        {
            throw new InvalidOperationException($"The data source answered more than {AnswerLimit} characters.");
        }

        var selected = (string?)source["resultSelector"] is { Length: > 0 } selector ? EndpointJsonPath.Select(JsonNode.Parse(text), selector) : [JsonNode.Parse(text)];
        foreach (var item in selected)
        {
            answer["result"]!.AsArray().Add(template is null ? Text(item) : EndpointMustache.Render(template, Merge(connection.DataContext(), item)));
        }

        return answer;
    }

    /// <summary>The data-source call: its URL rendered without credentials, <c>//</c> collapsed, kept on the connection's host.</summary>
    private static HttpRequestMessage Request(JsonObject source, ServiceEndpointConnection connection)
    {
        var context = connection.DataContext();
        var rendered = EndpointMustache.Render((string)source["endpointUrl"]!, context);
        var scheme = rendered.IndexOf("://", StringComparison.Ordinal) is var s and > 0 ? s + 3 : throw new ArgumentException($"Not an absolute URL: {rendered}");
        var url = new Uri(rendered[..scheme] + Slashes().Replace(rendered[scheme..], "/"));
        if (url.Authority != connection.Url.Authority || url.Scheme != connection.Url.Scheme)
        {
            throw new ArgumentException($"The data source's URL {url} leaves the connection's host {connection.Url.Authority}.");
        }

        var request = new HttpRequestMessage(new HttpMethod(((string?)source["requestVerb"] ?? "GET").ToUpperInvariant()), url);
        if ((string?)source["requestContent"] is { Length: > 0 } content)
        {
            request.Content = new StringContent(EndpointMustache.Render(content, context), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private JsonObject Type(string? name)
    {
        lock (_gate)
        {
            return name is not null && _types.TryGetValue(name, out var type)
                ? type
                : throw new ArgumentException($"No service endpoint type '{name}': register the extension's vss-extension.json (AddExtension) first.");
        }
    }

    private static ServiceEndpointConnection Connection(JsonObject details, JsonObject type)
    {
        var url = Uri.TryCreate((string?)details["url"], UriKind.Absolute, out var u) ? u : throw new ArgumentException($"Not an absolute URL: {details["url"]}");
        var confidential = (type["inputDescriptors"]?.AsArray() ?? []).Where(d => (bool?)d!["isConfidential"] == true).Select(d => (string)d!["id"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ServiceEndpointConnection(url, Strings(details["data"]), Strings(details["authorization"]?["parameters"]), confidential);
    }

    private static JsonObject Scheme(JsonObject type, string? scheme)
    {
        var wanted = scheme is not null && Schemes.TryGetValue(scheme, out var s) ? s : throw new ArgumentException($"Unknown authorization scheme '{scheme}'.");
        return type["authenticationSchemes"]!.AsArray().Select(a => a!.AsObject()).FirstOrDefault(a => (string?)a["type"] == wanted)
            ?? throw new ArgumentException($"The endpoint type has no {wanted} scheme.");
    }

    /// <summary>A named data source of the type, or an inline one (a binding's <c>endpointUrl</c>); the request's selector wins over the source's.</summary>
    private static JsonObject DataSource(JsonObject type, JsonObject details)
    {
        JsonObject source;
        if ((string?)details["dataSourceName"] is { Length: > 0 } name)
        {
            source = (JsonObject)((type["dataSources"]?.AsArray() ?? []).FirstOrDefault(d => string.Equals((string?)d!["name"], name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"The endpoint type has no data source '{name}'.")).DeepClone();
        }
        else if ((string?)details["dataSourceUrl"] is { Length: > 0 } url)
        {
            if (!url.StartsWith("{{endpoint.url}}", StringComparison.Ordinal) && !url.StartsWith("{{{endpoint.url}}}", StringComparison.Ordinal))
            {
                throw new ArgumentException($"An inline data source URL must start with {{{{endpoint.url}}}}: {url}");
            }

            source = new JsonObject { ["endpointUrl"] = url, ["requestVerb"] = details["requestVerb"]?.DeepClone(), ["requestContent"] = details["requestContent"]?.DeepClone() };
        }
        else
        {
            throw new ArgumentException("dataSourceDetails needs a dataSourceName or a dataSourceUrl.");
        }

        if ((string?)details["resultSelector"] is { Length: > 0 } selector)
        {
            source["resultSelector"] = selector;
        }

        return source;
    }

    /// <summary>A result item's context: the request's context with the item's fields over it (a value becomes <c>defaultResultKey</c>).</summary>
    private static JsonObject Merge(JsonObject context, JsonNode? item)
    {
        foreach (var (key, value) in item as JsonObject ?? new JsonObject { ["defaultResultKey"] = Text(item) })
        {
            context[key] = value?.DeepClone();
        }

        return context;
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "";

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        (node as JsonObject ?? []).ToDictionary(p => p.Key, p => Text(p.Value), StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("/{2,}")]
    private static partial Regex Slashes();
}
