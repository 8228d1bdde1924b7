using System.Text.Json;

namespace Port.Ci;

/// <summary>Outputs as one JSON object of strings: stdout's last line, and the file a dotenv report overflows into.</summary>
public static class OutputsJson
{
    // Relaxed escaping: the JSON is read by jq, readJSON and shells, not embedded in HTML, so quotes stay quotes.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, string>> outputs)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        foreach (var (name, value) in outputs)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }
}
