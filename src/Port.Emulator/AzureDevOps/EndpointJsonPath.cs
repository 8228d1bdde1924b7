using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// The JSONPath of a result selector (<c>jsonpath:$.blueprints[*]</c>, <c>jsonpath:$.accessToken</c>), in the subset
/// the extension's templates use: <c>$</c>, then <c>.name</c>, <c>[*]</c> and string-equality filter steps
/// (<c>[?(@.trigger.type == 'self-service')]</c>). Other filters, slices, indexes, quoted names and recursive descent
/// throw <see cref="NotSupportedException"/>.
/// </summary>
public static partial class EndpointJsonPath
{
    public const string Prefix = "jsonpath:";

    /// <summary>Every node the selector reaches, in document order; a missing name reaches nothing.</summary>
    public static IReadOnlyList<JsonNode?> Select(JsonNode? root, string selector)
    {
        if (!selector.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"A result selector must start with '{Prefix}': '{selector}'.");
        }

        var path = selector[Prefix.Length..];
        if (!Path().IsMatch(path))
        {
            throw new NotSupportedException($"The emulator's JSONPath takes $ with .name, [*] and [?(@.name == 'text')] steps only, not '{path}'.");
        }

        IEnumerable<JsonNode?> nodes = [root];
        foreach (Match step in Step().Matches(path))
        {
            var name = step.Groups["name"].Value;
            nodes = step.Groups["filter"].Success
                ? Children(nodes).Where(n => Select(n, Prefix + "$" + step.Groups["filter"].Value) is [JsonValue v] && v.GetValueKind() == JsonValueKind.String
                    && v.GetValue<string>() == step.Groups["text"].Value)
                : name.Length == 0 ? Children(nodes)
                : nodes.OfType<JsonObject>().Where(o => o.ContainsKey(name)).Select(o => o[name]);
        }

        return nodes.ToList();
    }

    /// <summary>What <c>[*]</c> and a filter look at: an array's items, an object's values.</summary>
    private static IEnumerable<JsonNode?> Children(IEnumerable<JsonNode?> nodes) =>
        nodes.SelectMany(n => n switch { JsonArray a => a.AsEnumerable(), JsonObject o => o.Select(p => p.Value), _ => [] });

    private const string Steps = @"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[\*\]|\[\?\(@(?<filter>(\.[A-Za-z_][A-Za-z0-9_]*)+) *== *'(?<text>[^']*)'\)\]";

    [GeneratedRegex("^\\$(" + Steps + ")*$")]
    private static partial Regex Path();

    [GeneratedRegex(Steps)]
    private static partial Regex Step();
}
