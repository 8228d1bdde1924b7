using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>Streams the entities of a JSON array or of NDJSON, one at a time, with the line or item of each.</summary>
internal static class JsonEntities
{
    /// <summary>Whether the file's first character (after a byte order mark and white space) is '['.</summary>
    public static bool StartsWithBracket(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }

        return c == '[';
    }

    public static IEnumerable<FileEntity> ReadLines(EntitiesFile file)
    {
        using var reader = new StreamReader(file.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw file.Problem($"line {line} is not valid JSON at column {JsonInput.Column(ex, text)}: {JsonInput.Reason(ex)}.");
            }

            yield return new FileEntity(
                node as JsonObject ?? throw file.Problem($"line {line} is not a JSON object such as {{\"identifier\": \"checkout\"}}."),
                line);
        }
    }

    public static IEnumerable<FileEntity> ReadArray(EntitiesFile file)
    {
        if (!StartsWithBracket(file.Path))
        {
            throw file.Problem("""content must be a JSON array of entities, such as [{"identifier": "checkout"}, {"identifier": "ledger"}].""");
        }

        using var stream = File.OpenRead(file.Path);
        using var items = JsonSerializer.DeserializeAsyncEnumerable(stream, EntitiesJsonContext.Default.JsonNode).ToBlockingEnumerable().GetEnumerator();
        for (var item = 1; ; item++)
        {
            try
            {
                if (!items.MoveNext())
                {
                    yield break;
                }
            }
            catch (JsonException ex)
            {
                using var text = new StreamReader(file.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                throw file.Problem($"content is not valid JSON at line {JsonInput.Line(ex)}, column {JsonInput.Column(ex, text)}: {JsonInput.Reason(ex)}.");
            }

            yield return new FileEntity(
                items.Current as JsonObject ?? throw file.Problem($"item {item} is not a JSON object."),
                item);
        }
    }
}

/// <summary>Reads a JSON array an item at a time; comments and trailing commas are allowed, as in the JSON inputs.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class EntitiesJsonContext : JsonSerializerContext;
