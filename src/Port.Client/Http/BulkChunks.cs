using System.Text.Json.Nodes;

namespace Port.Client.Http;

/// <summary>One bulk request: its entities serialized as Port's body, and the index of its first entity in the caller's sequence.</summary>
internal sealed record BulkChunk(int Offset, int Count, byte[] Body, bool EveryEntityNamed);

/// <summary>
/// Splits a stream of entities into bulk requests Port accepts: at most N entities and at most a byte budget each.
/// Each entity is serialized once, as it comes, so the stream is never held whole.
/// </summary>
internal static class BulkChunks
{
    private static readonly byte[] Opening = "{\"entities\":["u8.ToArray();
    private static readonly byte[] Closing = "]}"u8.ToArray();

    public static IEnumerable<BulkChunk> Split(IEnumerable<JsonObject> entities, int maxCount, int maxBytes)
    {
        var pending = new List<byte[]>(maxCount);
        var offset = 0;
        var index = 0;
        var bytes = Opening.Length + Closing.Length;
        var named = true;
        foreach (var entity in entities)
        {
            // An entity too big on its own gets its own request and meets the 1 MiB check there.
            var json = System.Text.Encoding.UTF8.GetBytes(entity.ToJsonString());
            if (pending.Count > 0 && (pending.Count == maxCount || bytes + json.Length + 1 > maxBytes))
            {
                yield return Build(offset, pending, bytes, named);
                pending.Clear();
                offset = index;
                bytes = Opening.Length + Closing.Length;
                named = true;
            }

            pending.Add(json);
            bytes += json.Length + (pending.Count > 1 ? 1 : 0);
            named &= entity["identifier"] is JsonValue;
            index++;
        }

        if (pending.Count > 0)
        {
            yield return Build(offset, pending, bytes, named);
        }
    }

    private static BulkChunk Build(int offset, List<byte[]> entities, int size, bool named)
    {
        var body = new byte[size];
        Opening.CopyTo(body, 0);
        var at = Opening.Length;
        for (var i = 0; i < entities.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            entities[i].CopyTo(body, at);
            at += entities[i].Length;
        }

        Closing.CopyTo(body, at);
        return new BulkChunk(offset, entities.Count, body, named);
    }
}
