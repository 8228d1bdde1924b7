using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// The JSONPath of a result selector (<c>jsonpath:$.blueprints[*]</c>, <c>jsonpath:$.accessToken</c>), in the subset
/// the extension's templates use: <c>$</c>, then <c>.name</c> and <c>[*]</c> steps. Filters, slices, indexes, quoted
/// names and recursive descent throw <see cref="NotSupportedException"/>.
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
            throw new NotSupportedException($"The emulator's JSONPath takes $ with .name and [*] steps only, not '{path}'.");
        }

        IEnumerable<JsonNode?> nodes = [root];
        foreach (Match step in Step().Matches(path))
        {
            nodes = step.Value == "[*]"
                ? nodes.SelectMany(n => n switch { JsonArray a => a.AsEnumerable(), JsonObject o => o.Select(p => p.Value), _ => [] })
                : nodes.OfType<JsonObject>().Where(o => o.ContainsKey(step.Value[1..])).Select(o => o[step.Value[1..]]);
        }

        return nodes.ToList();
    }

    [GeneratedRegex(@"^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\*\])*$")]
    private static partial Regex Path();

    [GeneratedRegex(@"\.[A-Za-z_][A-Za-z0-9_]*|\[\*\]")]
    private static partial Regex Step();
}
