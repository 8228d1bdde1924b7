using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Port.Emulator.Validation.JsonShape;

namespace Port.Emulator.Validation;

/// <summary>
/// Checks a blueprint body against Port's schema for <c>POST</c>/<c>PUT /v1/blueprints</c>, as far as the emulator
/// later relies on it: property definitions it can validate entities with, and relations to blueprints that exist.
/// </summary>
public static partial class BlueprintValidator
{
    public const int MaxIdentifierLength = 100;

    private static readonly HashSet<string> PropertyTypes = ["string", "number", "boolean", "object", "array"];

    private static readonly HashSet<string> Formats =
        ["date-time", "url", "email", "idn-email", "ipv4", "ipv6", "markdown", "yaml", "user", "blueprints", "team", "timer", "proto", "labeled-url"];

    private static readonly HashSet<string> SchemaKeys = ["properties", "required"];

    private static readonly HashSet<string> RelationKeys = ["title", "target", "required", "many", "description", "type"];

    [GeneratedRegex(@"^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/-]+$")]
    private static partial Regex IdentifierPattern();

    /// <param name="identifier">The blueprint's identifier (a relation may target the blueprint itself).</param>
    /// <param name="exists">Whether a blueprint with this identifier exists, for relation targets.</param>
    public static void Validate(string identifier, JsonObject blueprint, Func<string, bool> exists)
    {
        if (identifier.Length > MaxIdentifierLength || !IdentifierPattern().IsMatch(identifier))
        {
            throw SchemaError($"\"identifier\" must be 1 to {MaxIdentifierLength} letters, digits and @ _ . + : \\ / -, but got \"{identifier}\"");
        }

        if (!IsString(blueprint["title"]))
        {
            throw SchemaError("\"title\" is required and must be a string");
        }

        var schema = blueprint["schema"] as JsonObject ?? throw SchemaError("\"schema\" is required and must be an object with \"properties\"");
        RequireKnownKeys(schema, SchemaKeys, "schema.");

        var properties = schema["properties"] as JsonObject ?? throw SchemaError("\"schema.properties\" is required and must be an object");
        foreach (var (key, definition) in properties)
        {
            ValidateKey("schema.properties", key);
            ValidateProperty($"schema.properties.{key}", definition);
        }

        if (schema["required"] is { } required && !(required is JsonArray names && names.All(IsString)))
        {
            throw SchemaError("\"schema.required\" must be an array of property identifiers");
        }

        foreach (var name in (schema["required"] as JsonArray ?? []).Select(n => (string)n!))
        {
            if (!properties.ContainsKey(name))
            {
                throw SchemaError($"\"schema.required\" names \"{name}\", which is not one of the blueprint's properties");
            }
        }

        if (blueprint["relations"] is { } relations and not JsonObject)
        {
            throw SchemaError("\"relations\" must be an object");
        }

        foreach (var (key, relation) in blueprint["relations"] as JsonObject ?? [])
        {
            ValidateKey("relations", key);
            ValidateRelation(key, relation, target => target == identifier || exists(target));
        }
    }

    private static void ValidateProperty(string path, JsonNode? definition)
    {
        if (definition is not JsonObject property)
        {
            throw SchemaError($"\"{path}\" must be an object with a \"type\"");
        }

        if (!(IsString(property["type"]) && PropertyTypes.Contains((string)property["type"]!)))
        {
            throw SchemaError($"\"{path}.type\" must be one of {string.Join(", ", PropertyTypes)}");
        }

        if (property["format"] is { } format && !(IsString(format) && Formats.Contains((string)format!)))
        {
            throw SchemaError($"\"{path}.format\" must be one of {string.Join(", ", Formats)}");
        }

        if (property["enum"] is { } values and not JsonArray)
        {
            throw SchemaError($"\"{path}.enum\" must be an array");
        }

        if (property["items"] is { } items)
        {
            ValidateProperty($"{path}.items", items);
        }
    }

    private static void ValidateRelation(string key, JsonNode? definition, Func<string, bool> targetExists)
    {
        if (definition is not JsonObject relation)
        {
            throw SchemaError($"\"relations.{key}\" must be an object with \"target\", \"required\" and \"many\"");
        }

        RequireKnownKeys(relation, RelationKeys, $"relations.{key}.");

        if (!IsString(relation["target"]) || !IsBoolean(relation["required"]) || !IsBoolean(relation["many"]))
        {
            throw SchemaError($"\"relations.{key}\" needs \"target\" (a blueprint identifier), \"required\" and \"many\" (booleans)");
        }

        var target = (string)relation["target"]!;
        if (!targetExists(target))
        {
            throw PortError.NotFound($"The relation \"{key}\" targets the blueprint \"{target}\", which does not exist");
        }
    }

    private static void ValidateKey(string path, string key)
    {
        if (key.Length > MaxIdentifierLength || !EntityValidator.PropertyKeyPattern().IsMatch(key))
        {
            throw SchemaError($"The key \"{key}\" in \"{path}\" must be 1 to {MaxIdentifierLength} characters matching ^[A-Za-z0-9@_=\\-]+$");
        }
    }
}
