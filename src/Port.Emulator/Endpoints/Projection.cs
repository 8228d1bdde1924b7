using System.Text.Json.Nodes;

namespace Port.Emulator.Endpoints;

/// <summary>Applies <c>include</c> / <c>exclude</c> paths such as <c>properties.version</c> to an entity.</summary>
public static class Projection
{
    public static JsonObject Apply(JsonObject entity, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        var result = entity;
        if (include.Count > 0)
        {
            result = [];
            foreach (var path in include)
            {
                Copy(entity, result, path.Split('.'));
            }
        }

        foreach (var path in exclude)
        {
            Remove(result, path.Split('.'));
        }

        return result;
    }

    private static void Copy(JsonObject from, JsonObject to, string[] segments)
    {
        var source = from;
        var target = to;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (source[segments[i]] is not JsonObject next)
            {
                return;
            }

            source = next;
            target = target[segments[i]] as JsonObject ?? (JsonObject)(target[segments[i]] = new JsonObject());
        }

        var last = segments[^1];
        if (source.ContainsKey(last))
        {
            target[last] = source[last]?.DeepClone();
        }
    }

    private static void Remove(JsonObject from, string[] segments)
    {
        var node = from;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (node[segments[i]] is not JsonObject next)
            {
                return;
            }

            node = next;
        }

        node.Remove(segments[^1]);
    }
}
