using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Port.Emulator.Tests.AzureDevOps;

/// <summary>
/// What Azure DevOps' web pages send to the endpoint proxy: the service connection dialog's Verify (the TestConnection
/// data source of an unsaved connection) and the task editor's pickers (a task.json <c>dataSourceBindings</c> entry,
/// with the connection the task's <c>portConnection</c> input names).
/// </summary>
public sealed class TaskEditor(HttpClient http, string emulatorUrl)
{
    /// <summary>The repository's root: where vss-extension.json is.</summary>
    public static readonly string Root = FindRoot();

    public static string Extension => Path.Combine(Root, "vss-extension.json");

    public static JsonObject TaskJson(string task) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "tasks", task, "task.json")))!.AsObject();

    public static IEnumerable<string> Tasks => Directory.GetDirectories(Path.Combine(Root, "tasks")).Select(Path.GetFileName).Where(t => File.Exists(Path.Combine(Root, "tasks", t!, "task.json")))!;

    /// <summary>A connection as the dialog holds it, of the extension's <c>port</c> type unless told.</summary>
    public static JsonObject Connection(string url, string clientId, string clientSecret, string type = "port") => new()
    {
        ["type"] = type,
        ["url"] = url,
        ["authorization"] = new JsonObject { ["scheme"] = "UsernamePassword", ["parameters"] = new JsonObject { ["username"] = clientId, ["password"] = clientSecret } },
        ["data"] = new JsonObject(),
    };

    public Task<(int Status, JsonObject Body)> VerifyAsync(JsonObject connection) =>
        ProxyAsync(connection, new JsonObject { ["dataSourceName"] = "TestConnection" }, null);

    /// <summary>The picker of <paramref name="task"/>'s input <paramref name="target"/>: its binding, run through the proxy.</summary>
    public Task<(int Status, JsonObject Body)> PickAsync(string task, string target, JsonObject connection)
    {
        var binding = TaskJson(task)["dataSourceBindings"]?.AsArray().SingleOrDefault(b => (string?)b!["target"] == target)
            ?? throw new AssertionException($"{task} has no dataSourceBindings entry for {target}");
        var details = new JsonObject
        {
            ["dataSourceName"] = binding["dataSourceName"]?.DeepClone(),
            ["dataSourceUrl"] = binding["endpointUrl"]?.DeepClone(),
            ["resultSelector"] = binding["resultSelector"]?.DeepClone(),
        };
        return ProxyAsync(connection, details, (string?)binding["resultTemplate"]);
    }

    /// <summary>A picker's items as the editor shows them: each result string is a JSON <c>{Value, DisplayValue}</c>.</summary>
    public static List<(string Value, string DisplayValue)> Items(JsonObject answer) =>
        answer["result"]!.AsArray().Select(r => JsonNode.Parse((string)r!)!).Select(i => ((string)i["Value"]!, (string)i["DisplayValue"]!)).ToList();

    private async Task<(int Status, JsonObject Body)> ProxyAsync(JsonObject connection, JsonObject dataSource, string? resultTemplate)
    {
        var request = new JsonObject
        {
            ["serviceEndpointDetails"] = connection.DeepClone(),
            ["dataSourceDetails"] = dataSource,
            ["resultTransformationDetails"] = new JsonObject { ["resultTemplate"] = resultTemplate },
        };
        using var response = await http.PostAsJsonAsync($"{emulatorUrl}/_azdo/fabrikam/web/_apis/serviceendpoint/endpointproxy", request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "vss-extension.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No vss-extension.json above " + AppContext.BaseDirectory);
    }
}
