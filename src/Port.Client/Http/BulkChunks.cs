using System.Text.Json.Nodes;

namespace Port.Client.Http;

/// <summary>Splits entities into bulk requests Port accepts: at most N entities and at most a byte budget each.</summary>
internal static class BulkChunks
{
    /// <returns>Each chunk with the index of its first entity in <paramref name="entities"/>.</returns>
    public static IEnumerable<(int Offset, List<JsonObject> Chunk)> Split(IReadOnlyList<JsonObject> entities, int maxCount, int maxBytes)
    {
        var chunk = new List<JsonObject>();
        var offset = 0;
        var bytes = 0;
        for (var i = 0; i < entities.Count; i++)
        {
            // Serialized size plus a comma; an entity too big on its own gets its own chunk and meets the 1 MiB check.
            var size = System.Text.Encoding.UTF8.GetByteCount(entities[i].ToJsonString()) + 1;
            if (chunk.Count > 0 && (chunk.Count == maxCount || bytes + size > maxBytes))
            {
                yield return (offset, chunk);
                chunk = [];
                offset = i;
                bytes = 0;
            }

            chunk.Add(entities[i]);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return (offset, chunk);
        }
    }
}
