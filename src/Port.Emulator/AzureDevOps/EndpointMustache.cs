using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// The part of Azure DevOps' mustache that service-endpoint templates here use, and nothing more: <c>{{a.b}}</c>
/// (HTML-encoded), <c>{{{a.b}}}</c> (as is), and one helper call <c>{{ #name {json} }}</c> where the caller offers
/// helpers (the authentication scheme's headers). A name missing from the context renders empty, as in mustache: that
/// is how <c>{{endpoint.password}}</c> comes out in a data source's URL or body. Sections, partials, comments and any
/// other helper throw <see cref="NotSupportedException"/>, so a template that needs more fails its test loudly.
/// </summary>
public static class EndpointMustache
{
    /// <summary>A helper: its JSON argument (as written, single quotes and all) in, the text it renders out.</summary>
    public delegate string Helper(string argument);

    public static string Render(string template, JsonNode? context, IReadOnlyDictionary<string, Helper>? helpers = null)
    {
        var output = new StringBuilder();
        var at = 0;
        while (template.IndexOf("{{", at, StringComparison.Ordinal) is var open and >= 0)
        {
            output.Append(template, at, open - at);
            if (template.AsSpan(open).StartsWith("{{{"))
            {
                var close = End(template, open + 3, "}}}");
                output.Append(Lookup(context, template[(open + 3)..close].Trim()));
                at = close + 3;
                continue;
            }

            var tag = template[(open + 2)..].TrimStart();
            var start = template.Length - tag.Length;
            if (tag.StartsWith('#') && helpers is not null && helpers.Keys.FirstOrDefault(h => tag.StartsWith(h + " ", StringComparison.Ordinal)) is { } name)
            {
                var argumentStart = template.IndexOf('{', start + name.Length);
                var argumentEnd = MatchingBrace(template, argumentStart);
                var close = End(template, argumentEnd + 1, "}}");
                if (template[(argumentEnd + 1)..close].Trim().Length > 0)
                {
                    throw new NotSupportedException($"Text after {name}'s argument in '{template}'.");
                }

                output.Append(helpers[name](template[argumentStart..(argumentEnd + 1)]));
                at = close + 2;
                continue;
            }

            if (tag.Length > 0 && "#/^>!&=".Contains(tag[0], StringComparison.Ordinal))
            {
                throw new NotSupportedException($"The emulator's mustache renders {{{{name}}}}, {{{{{{name}}}}}} and the helpers it is given only, not '{{{{{tag.Split("}}")[0]}}}}}' (in '{template}').");
            }

            var end = End(template, start, "}}");
            output.Append(WebUtility.HtmlEncode(Lookup(context, template[start..end].Trim())));
            at = end + 2;
        }

        return output.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>A dotted name in the context; exact names first, then ignoring case (Azure DevOps' endpoint dictionary ignores case).</summary>
    private static string Lookup(JsonNode? context, string name)
    {
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            throw new NotSupportedException($"Not a name the emulator's mustache renders: '{name}'.");
        }

        var node = context;
        foreach (var part in name.Split('.'))
        {
            node = node is JsonObject o ? (o.TryGetPropertyValue(part, out var exact) ? exact : o.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value) : null;
        }

        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }

    private static int End(string template, int from, string close) =>
        template.IndexOf(close, from, StringComparison.Ordinal) is var end and >= 0 ? end : throw new NotSupportedException($"Unclosed tag in '{template}'.");

    /// <summary>The <c>}</c> that closes the <c>{</c> at <paramref name="open"/>, skipping braces inside quotes.</summary>
    private static int MatchingBrace(string text, int open)
    {
        if (open < 0)
        {
            throw new NotSupportedException($"A helper call without a {{…}} argument in '{text}'.");
        }

        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        throw new NotSupportedException($"An unclosed helper argument in '{text}'.");
    }
}
