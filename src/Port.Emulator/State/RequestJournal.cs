using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>Every API request received, with secrets removed, so tests can assert what a client sent.</summary>
public sealed class RequestJournal
{
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "clientSecret", "accessToken" };
    private readonly List<JsonObject> _entries = [];

    public void Add(string method, string path, string query, string? body, int status)
    {
        var entry = new JsonObject
        {
            ["method"] = method,
            ["path"] = path,
            ["query"] = query,
            ["body"] = Redact(body),
            ["status"] = status,
        };
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    public JsonArray ToJson()
    {
        lock (_entries)
        {
            return new JsonArray(_entries.Select(e => (JsonNode)e.DeepClone()).ToArray());
        }
    }

    public void Clear()
    {
        lock (_entries)
        {
            _entries.Clear();
        }
    }

    private static JsonNode? Redact(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(body);
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Select(p => p.Key).Where(SecretKeys.Contains).ToList())
                {
                    obj[key] = "***";
                }
            }

            return node;
        }
        catch (System.Text.Json.JsonException)
        {
            return $"<{body.Length} characters, not JSON>";
        }
    }
}
