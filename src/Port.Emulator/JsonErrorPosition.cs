using System.Text;
using System.Text.Json;

namespace Port.Emulator;

/// <summary>
/// Where a JSON syntax error is, as an editor shows it: line, and column counted in characters (UTF-16 code units,
/// as VS Code and Visual Studio count them). System.Text.Json counts the column in UTF-8 bytes, which points past
/// the error on any line with non-ASCII text before it.
/// </summary>
public static class JsonErrorPosition
{
    public static string Describe(string text, JsonException error)
    {
        var line = (int)(error.LineNumber ?? 0);
        var lineText = text.Split('\n').ElementAtOrDefault(line) ?? "";
        var utf8 = Encoding.UTF8.GetBytes(lineText);
        var column = Encoding.UTF8.GetCharCount(utf8, 0, (int)Math.Min(error.BytePositionInLine ?? 0, utf8.Length));
        return $"line {line + 1}, column {column + 1}";
    }

    /// <summary>What is wrong, without the byte position System.Text.Json appends (it would contradict the column).</summary>
    public static string Reason(JsonException error) => error.Message.Split(" Path: ")[0].Split(" LineNumber: ")[0];
}
