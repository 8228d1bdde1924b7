using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Tasks.Common;

/// <summary>
/// Port's rules for the shape of an entity, checked before anything is sent so that a mistake is named with its input
/// (or its file line) instead of coming back from Port after other writes have already happened.
/// </summary>
public static class EntityShape
{
    /// <summary>Port refuses a request body over 1 MiB; this leaves room for the request's envelope.</summary>
    public const int MaxEntityBytes = (1024 * 1024) - 256;

    private const string RelationsExample = """{"team": "payments", "dependsOn": ["inventory"]}""";

    /// <summary>What is wrong with <paramref name="entity"/>, worded to follow "The input 'x' " or "…, whose entity 3 "; null when nothing is.</summary>
    public static string? Problem(JsonObject entity)
    {
        foreach (var key in (string[])["title", "icon"])
        {
            if (entity[key] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                return $"has {(key == "icon" ? "an" : "a")} '{key}' that is not a string: {value.ToJsonString()}. Use text, such as \"Checkout\".";
            }
        }

        if (entity["team"] is { } team && !IsReference(team))
        {
            return $"has a 'team' that is neither a team identifier nor an array of them: {team.ToJsonString()}. Use \"payments\" or [\"payments\", \"platform\"].";
        }

        if (entity["properties"] is { } properties and not JsonObject)
        {
            return $"has 'properties' that is not a JSON object: {properties.ToJsonString()}. Use {{\"version\": \"1.4.2\"}}.";
        }

        switch (entity["relations"])
        {
            case null:
                break;
            case JsonObject relations:
                foreach (var (name, target) in relations)
                {
                    if (target is not null && !IsReference(target))
                    {
                        return $"has the relation '{name}' set to {target.ToJsonString()}; a relation holds an entity identifier, an array of them, or null, as in {RelationsExample}.";
                    }
                }

                break;
            case var relations:
                return $"has 'relations' that is not a JSON object: {relations.ToJsonString()}. Use {RelationsExample}.";
        }

        var size = Encoding.UTF8.GetByteCount(entity.ToJsonString());
        return size > MaxEntityBytes
            ? string.Format(CultureInfo.InvariantCulture, "makes an entity of {0:N0} bytes; Port accepts at most 1 MiB ({1:N0} bytes) in one request. Move large values out of the entity.", size, 1024 * 1024)
            : null;
    }

    /// <summary>An identifier, an array of identifiers, or a search query object (Port resolves it).</summary>
    private static bool IsReference(JsonNode node) => node switch
    {
        JsonObject => true,
        JsonArray array => array.All(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String),
        JsonValue value => value.GetValueKind() == JsonValueKind.String,
        _ => false,
    };
}
