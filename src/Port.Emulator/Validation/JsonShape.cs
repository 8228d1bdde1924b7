using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Emulator.Validation;

/// <summary>The small checks every body validator makes, and Port's wording for a body that breaks the route's schema.</summary>
public static class JsonShape
{
    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsBoolean(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    /// <summary>422, as Port answers a body that does not match the route's schema.</summary>
    public static PortError SchemaError(string detail) => PortError.Invalid($"The json provided does not match the route's schema: {detail}");

    public static void RequireKnownKeys(JsonObject json, IReadOnlySet<string> allowed, string path = "")
    {
        if (json.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
        {
            throw SchemaError($"\"{path}{unknown}\" is not allowed");
        }
    }
}
