using System.Text;

namespace Port.Tasks.Common;

/// <summary>
/// Columns as a person counts them in an editor, for a parser that counts UTF-8 bytes (<c>Utf8JsonReader</c>'s
/// <c>BytePositionInLine</c>): one column per Unicode scalar value, so "ü" (2 bytes), "東" (3 bytes) and "😀"
/// (4 bytes, a UTF-16 surrogate pair) are one column each. A tab is one column too; combining marks and joined
/// emoji sequences count each of their scalar values.
/// </summary>
public static class TextColumns
{
    /// <summary>The UTF-16 index in <paramref name="line"/> of the character that starts at (or holds) UTF-8 byte <paramref name="utf8Offset"/>.</summary>
    public static int IndexOfUtf8Offset(ReadOnlySpan<char> line, long utf8Offset)
    {
        var index = 0;
        for (var bytes = 0L; index < line.Length && bytes < utf8Offset;)
        {
            // A lone surrogate decodes as U+FFFD, 3 bytes, as the JSON parser transcodes it.
            Rune.DecodeFromUtf16(line[index..], out var rune, out var used);
            bytes += rune.Utf8SequenceLength;
            index += used;
        }

        return index;
    }

    /// <summary>The 1-based column of the character at UTF-16 <paramref name="index"/> in <paramref name="line"/>.</summary>
    public static int ColumnOfIndex(ReadOnlySpan<char> line, int index)
    {
        var column = 1;
        foreach (var _ in line[..Math.Min(index, line.Length)].EnumerateRunes())
        {
            column++;
        }

        return column;
    }

    /// <summary>The 1-based column of UTF-8 byte <paramref name="utf8Offset"/> of <paramref name="line"/>.</summary>
    public static int ColumnOfUtf8Offset(ReadOnlySpan<char> line, long utf8Offset) => ColumnOfIndex(line, IndexOfUtf8Offset(line, utf8Offset));

    /// <summary>Line <paramref name="line"/> (0-based, lines ending in '\n' as the JSON parser counts them) of <paramref name="text"/>, without its '\n'.</summary>
    public static string Line(TextReader text, long line)
    {
        var found = new StringBuilder();
        var at = 0L;
        for (int c; (c = text.Read()) >= 0 && at <= line;)
        {
            if (c == '\n')
            {
                at++;
            }
            else if (at == line)
            {
                found.Append((char)c);
            }
        }

        return found.ToString();
    }
}
