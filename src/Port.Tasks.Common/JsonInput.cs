using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Tasks.Common;

/// <summary>Parses JSON given in an input or a file, with errors that give line and column.</summary>
public static class JsonInput
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <param name="input">The input's name, for the message.</param>
    /// <param name="example">A correct value, shown when the value is wrong.</param>
    public static JsonNode? Parse(string input, string text, string example)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: Lenient);
        }
        catch (JsonException ex)
        {
            throw new TaskInputException(input, $"is not valid JSON at line {Line(ex)}, column {Column(ex, text)}: {Reason(ex)}. Expected JSON such as {example}.");
        }
    }

    public static JsonObject ParseObject(string input, string text, string example) =>
        Parse(input, text, example) as JsonObject
        ?? throw new TaskInputException(input, $"must be a JSON object, such as {example}.");

    /// <summary>1-based line of a parse error.</summary>
    public static long Line(JsonException ex) => (ex.LineNumber ?? 0) + 1;

    /// <summary>1-based column of a parse error in <paramref name="text"/>, the text that was parsed, in characters (<see cref="TextColumns"/>), not in the parser's UTF-8 bytes.</summary>
    public static int Column(JsonException ex, string text) => Column(ex, new StringReader(text));

    /// <inheritdoc cref="Column(JsonException, string)"/>
    public static int Column(JsonException ex, TextReader text) => TextColumns.ColumnOfUtf8Offset(TextColumns.Line(text, ex.LineNumber ?? 0), ex.BytePositionInLine ?? 0);

    /// <summary>The parser's reason without its own position suffix (we give line and column ourselves).</summary>
    public static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
