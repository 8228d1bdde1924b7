using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Port.Emulator.Validation;

/// <summary>Checks an entity against Port's identifier rules and its blueprint's property schema.</summary>
public static partial class EntityValidator
{
    public const int MaxIdentifierLength = 1000;

    [GeneratedRegex(@"^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$")]
    public static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^[A-Za-z0-9@_=\-]+$")]
    public static partial Regex PropertyKeyPattern();

    public static void ValidateIdentifier(string identifier)
    {
        if (identifier.Length > MaxIdentifierLength)
        {
            throw PortError.Invalid($"The identifier is {identifier.Length} characters long; the limit is {MaxIdentifierLength}");
        }

        if (!IdentifierPattern().IsMatch(identifier))
        {
            throw PortError.Invalid($"The identifier \"{identifier}\" does not match the pattern ^(?!\\.{{1,2}}$)[\\p{{L}}0-9@_.+:\\\\/=-]+$ (letters, digits and @ _ . + : \\ / = -)");
        }
    }

    /// <summary>Properties: known keys, right types, enum, format, required. Relations: declared by the blueprint.</summary>
    public static void Validate(JsonObject blueprint, JsonObject entity)
    {
        var blueprintId = (string?)blueprint["identifier"];
        var schema = blueprint["schema"]?["properties"] as JsonObject ?? [];
        var properties = entity["properties"] as JsonObject ?? [];

        foreach (var (key, value) in properties)
        {
            if (!PropertyKeyPattern().IsMatch(key))
            {
                throw PortError.Invalid($"The property key \"{key}\" must match ^[A-Za-z0-9@_=\\-]+$");
            }

            if (schema[key] is not JsonObject definition)
            {
                throw PortError.Invalid($"The property \"{key}\" is not defined in the blueprint \"{blueprintId}\"");
            }

            if (value is not null)
            {
                CheckValue(key, definition, value);
            }
        }

        foreach (var required in (blueprint["schema"]?["required"] as JsonArray ?? []).Select(r => (string?)r))
        {
            if (required is not null && properties[required] is null)
            {
                throw PortError.Invalid($"The property \"{required}\" is required by the blueprint \"{blueprintId}\"");
            }
        }

        ValidateTeamShape(entity["team"]);
        var relationDefinitions = blueprint["relations"] as JsonObject ?? [];
        foreach (var (key, value) in entity["relations"] as JsonObject ?? [])
        {
            if (relationDefinitions[key] is not JsonObject definition)
            {
                throw PortError.NotFound($"The relation \"{key}\" is not defined in the blueprint \"{blueprintId}\""); // Port answers 404 here
            }

            var many = (bool?)definition["many"] ?? false;
            if (value is JsonArray && !many)
            {
                throw PortError.Invalid($"The relation \"{key}\" takes one identifier, not an array");
            }

            if (value is JsonValue v && v.GetValueKind() != JsonValueKind.String)
            {
                throw PortError.Invalid($"The relation \"{key}\" must be an identifier string{(many ? " or an array of them" : "")}");
            }
        }
    }

    /// <summary>The teams an entity names: <c>_team</c> identifiers, or none. A search query object passes unread.</summary>
    public static IEnumerable<string> Teams(JsonNode? team) => team switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(string)v!],
        JsonArray a => a.Select(t => (string?)t).OfType<string>(),
        _ => [],
    };

    private static void ValidateTeamShape(JsonNode? team)
    {
        var ok = team is null or JsonObject
            || team is JsonValue v && v.GetValueKind() == JsonValueKind.String
            || team is JsonArray a && a.All(t => t is JsonValue tv && tv.GetValueKind() == JsonValueKind.String);
        if (!ok)
        {
            throw PortError.Invalid($"\"team\" must be a team identifier, an array of them, or a search query, but got {team!.ToJsonString(EmulatorJson.Options)}");
        }
    }

    private static void CheckValue(string key, JsonObject definition, JsonNode value)
    {
        var type = (string?)definition["type"] ?? "string";
        var kind = value.GetValueKind();
        var ok = type switch
        {
            "string" => kind == JsonValueKind.String,
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => true,
        };
        if (!ok)
        {
            throw PortError.Invalid($"The property \"{key}\" must be {Article(type)} {type}, but got {Describe(kind)}");
        }

        if (definition["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            throw PortError.Invalid($"The property \"{key}\" must be one of {allowed.ToJsonString(EmulatorJson.Options)}, but got {value.ToJsonString(EmulatorJson.Options)}");
        }

        if (type == "string" && (string?)definition["format"] is { } format && !MatchesFormat(format, (string)value!))
        {
            throw PortError.Invalid($"The property \"{key}\" must be a valid {format}, but got \"{(string)value!}\"");
        }

        if (type == "array" && definition["items"] is JsonObject items)
        {
            var index = 0;
            foreach (var item in value.AsArray())
            {
                if (item is not null)
                {
                    CheckValue($"{key}[{index}]", items, item);
                }

                index++;
            }
        }
    }

    private static bool MatchesFormat(string format, string text) => format switch
    {
        "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && text.Contains('T'),
        "url" => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps),
        "email" => MailAddress.TryCreate(text, out var mail) && mail.Address == text,
        _ => true,
    };

    private static string Article(string type) => type is "array" or "object" ? "an" : "a";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
