using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>What a JSON output holds when its full value is too long for an output variable (see <see cref="IStepHost.SetOutput"/>).</summary>
public static class JsonOutputs
{
    /// <summary>A JSON array cut to its first items, as many as fit.</summary>
    public static readonly OutputFit FirstItems = (fullValue, limit) =>
    {
        var items = JsonNode.Parse(fullValue) as JsonArray ?? [];
        var text = new StringBuilder("[");
        var count = 0;
        foreach (var item in items)
        {
            var json = item?.ToJsonString() ?? "null";
            if (text.Length + json.Length + 2 > limit)
            {
                break;
            }

            text.Append(count == 0 ? "" : ",").Append(json);
            count++;
        }

        var description = string.Format(CultureInfo.InvariantCulture, "the first {0:N0} of {1:N0} items", count, items.Count);
        return (text.Append(']').ToString(), description);
    };

    /// <summary>Nothing: a single JSON document cut short would not parse.</summary>
    public static readonly OutputFit Nothing = (_, _) => ("", "nothing (a cut JSON document would not parse)");
}
