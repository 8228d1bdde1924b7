using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.GetEntity;

/// <summary>
/// Sets the output variables of an entity: <c>identifier</c>, <c>title</c>, <c>entity</c> (JSON) and one
/// <c>property_NAME</c> for each top-level property, usable as <c>$(step.property_NAME)</c>.
/// </summary>
public static class EntityOutputs
{
    /// <param name="knownIdentifier">The identifier asked for, used when <c>include</c> left it out of the answer.</param>
    public static void Set(IStepHost agent, JsonObject entity, string? knownIdentifier = null)
    {
        agent.SetOutput("identifier", (string?)(entity["identifier"] as JsonValue) ?? knownIdentifier ?? "");
        agent.SetOutput("title", (string?)(entity["title"] as JsonValue) ?? "");
        agent.SetOutput("entity", entity.ToJsonString(), JsonOutputs.Nothing);
        foreach (var (name, value) in entity["properties"] as JsonObject ?? [])
        {
            agent.SetOutput(PropertyVariableName(name), Text(value));
        }
    }

    /// <summary>
    /// "property_" + the property identifier, with every character a variable name cannot hold (Port allows
    /// '@', '=' and '-') replaced by '_': <c>lead-time</c> becomes <c>property_lead_time</c>.
    /// </summary>
    public static string PropertyVariableName(string property)
    {
        var name = new StringBuilder("property_", property.Length + 9);
        foreach (var c in property)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return name.ToString();
    }

    /// <summary>Strings as they are; numbers and booleans as JSON text; arrays and objects as compact JSON; null as empty.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (string)v!,
        _ => value.ToJsonString(),
    };
}
