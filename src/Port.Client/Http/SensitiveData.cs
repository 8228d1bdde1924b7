using System.Text.Json.Nodes;

namespace Port.Client.Http;

/// <summary>Removes secrets from JSON before it reaches a log line.</summary>
internal static class SensitiveData
{
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "clientSecret", "accessToken", "password", "token", "secret", "authorization",
    };

    public const string Mask = "***";

    /// <summary>A copy of the JSON text with the value of every secret-looking key replaced by ***.</summary>
    public static string Redact(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return $"<{json.Length} characters, not JSON>";
        }

        RedactInPlace(node);
        return node?.ToJsonString() ?? "null";
    }

    private static void RedactInPlace(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (SecretKeys.Contains(key))
                    {
                        obj[key] = Mask;
                    }
                    else
                    {
                        RedactInPlace(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RedactInPlace(item);
                }

                break;
        }
    }
}
