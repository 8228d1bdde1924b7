using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Emulator.Search;

/// <summary>Evaluates Port search queries (<c>{combinator, rules}</c>) against entities.</summary>
public static class SearchEvaluator
{
    /// <param name="allEntities">Every entity, for <c>relatedTo</c>.</param>
    public static bool Matches(JsonObject entity, JsonNode? query, IReadOnlyCollection<JsonObject> allEntities)
    {
        if (query is not JsonObject rule)
        {
            throw PortError.Invalid("A search query must be an object with \"combinator\" and \"rules\"");
        }

        if (rule["combinator"] is not null || rule["rules"] is not null)
        {
            var combinator = (string?)rule["combinator"];
            if (combinator is not ("and" or "or") || rule["rules"] is not JsonArray rules)
            {
                throw PortError.Invalid("A search query needs \"combinator\" (\"and\" or \"or\") and a \"rules\" array");
            }

            return combinator == "and"
                ? rules.All(r => Matches(entity, r, allEntities))
                : rules.Any(r => Matches(entity, r, allEntities));
        }

        var op = (string?)rule["operator"] ?? throw PortError.Invalid("A search rule needs an \"operator\"");
        if (op == "relatedTo")
        {
            return RelatedTo(entity, rule, allEntities);
        }

        var property = (string?)rule["property"] ?? throw PortError.Invalid($"The \"{op}\" rule needs a \"property\"");
        var actual = Read(entity, property);
        var expected = rule["value"];
        return op switch
        {
            "=" => Equal(actual, expected),
            "!=" => !Equal(actual, expected),
            "in" => Values(expected).Any(v => Equal(actual, v)),
            "notIn" => !Values(expected).Any(v => Equal(actual, v)),
            "contains" => Contains(actual, expected),
            "doesNotContains" => !Contains(actual, expected),
            "containsAny" => Values(expected).Any(v => Contains(actual, v)),
            "beginsWith" => Text(actual)?.StartsWith(Text(expected) ?? "\0", StringComparison.Ordinal) == true,
            "doesNotBeginsWith" => Text(actual)?.StartsWith(Text(expected) ?? "\0", StringComparison.Ordinal) != true,
            "endsWith" => Text(actual)?.EndsWith(Text(expected) ?? "\0", StringComparison.Ordinal) == true,
            "doesNotEndsWith" => Text(actual)?.EndsWith(Text(expected) ?? "\0", StringComparison.Ordinal) != true,
            "isEmpty" => IsEmpty(actual),
            "isNotEmpty" => !IsEmpty(actual),
            ">" => Compare(actual, expected) is > 0,
            ">=" => Compare(actual, expected) is >= 0,
            "<" => Compare(actual, expected) is < 0,
            "<=" => Compare(actual, expected) is <= 0,
            "between" => Between(actual, expected),
            "notBetween" => !Between(actual, expected),
            _ => throw PortError.Invalid($"The operator \"{op}\" is not supported by the emulator"),
        };
    }

    /// <summary>Reads "$identifier", "$title", "$blueprint", "$team", "$createdAt", "$updatedAt" or a property.</summary>
    private static JsonNode? Read(JsonObject entity, string property) => property.StartsWith('$')
        ? entity[property[1..]]
        : entity["properties"]?[property];

    private static bool RelatedTo(JsonObject entity, JsonObject rule, IReadOnlyCollection<JsonObject> all)
    {
        var targets = Values(rule["value"]).Select(Text).ToHashSet();
        var blueprint = (string?)rule["blueprint"];
        bool Points(JsonObject from, Func<JsonObject, bool> isTarget) =>
            (from["relations"] as JsonObject ?? []).SelectMany(r => Values(r.Value)).Select(Text)
                .Any(id => all.Any(t => (string?)t["identifier"] == id && isTarget(t)));
        bool IsWanted(JsonObject e) => targets.Contains((string?)e["identifier"]) && (blueprint is null || (string?)e["blueprint"] == blueprint);

        // Upstream (this entity points at a target) or downstream (a target points at this entity).
        return Points(entity, IsWanted) || all.Any(other => IsWanted(other) && Points(other, e => ReferenceEquals(e, entity)));
    }

    private static IEnumerable<JsonNode?> Values(JsonNode? node) => node is JsonArray array ? array : new[] { node };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String
        ? (string?)value
        : node?.ToJsonString(EmulatorJson.Options);

    private static bool Equal(JsonNode? actual, JsonNode? expected) =>
        actual is JsonArray array ? array.Any(i => JsonNode.DeepEquals(i, expected)) : JsonNode.DeepEquals(actual, expected);

    private static bool Contains(JsonNode? actual, JsonNode? expected) => actual switch
    {
        JsonArray array => array.Any(i => JsonNode.DeepEquals(i, expected)),
        JsonValue => Text(actual)?.Contains(Text(expected) ?? "\0", StringComparison.Ordinal) == true,
        _ => false,
    };

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        _ => Text(node) == "",
    };

    /// <summary>Orders numbers, dates or text; null when either side is missing, so no comparison matches.</summary>
    private static int? Compare(JsonNode? actual, JsonNode? expected)
    {
        if (actual is null || expected is null)
        {
            return null;
        }

        if (actual.GetValueKind() == JsonValueKind.Number && expected.GetValueKind() == JsonValueKind.Number)
        {
            return ((double)actual).CompareTo((double)expected);
        }

        if (DateTimeOffset.TryParse(Text(actual), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var a)
            && DateTimeOffset.TryParse(Text(expected), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var b))
        {
            return a.CompareTo(b);
        }

        return string.CompareOrdinal(Text(actual), Text(expected));
    }

    private static bool Between(JsonNode? actual, JsonNode? range) =>
        range is JsonObject r && Compare(actual, r["from"]) is >= 0 && Compare(actual, r["to"]) is <= 0;
}
