using Port.Tasks.Common;

namespace Port.Tasks.Tests;

/// <summary>A JSON error's column counts characters as an editor shows them, not the parser's UTF-8 bytes.</summary>
public class JsonInputTests
{
    [TestCase("{\"city\": \"Zürich\",, \"x\": 1}", 1, 19, TestName = "OneLine_AfterUmlaut")]
    [TestCase("{\"city\": \"東京\",, \"x\": 1}", 1, 15, TestName = "OneLine_AfterCjk")]
    [TestCase("{\"city\": \"😀\",, \"x\": 1}", 1, 14, TestName = "OneLine_AfterEmoji_ASurrogatePairIsOneColumn")]
    [TestCase("{\"city\": \"Zürich 東京 😀\",, \"x\": 1}", 1, 24, TestName = "OneLine_AfterAllThree")]
    [TestCase("{\n  \"city\": \"Zürich 東京 😀\",,\n  \"x\": 1\n}", 2, 25, TestName = "MultiLine_ErrorOnTheNonAsciiLine")]
    [TestCase("{\"city\": \"Zürich 東京 😀\",\n \"x\": y}", 2, 7, TestName = "MultiLine_ErrorOnALaterLine")]
    [TestCase("{\"city\": \"Zürich\",\t, \"x\": 1}", 1, 20, TestName = "OneLine_ATabIsOneColumn")]
    public void Parse_BadJson_GivesTheColumnInCharacters(string json, int line, int column)
    {
        var ex = Assert.Throws<TaskInputException>(() => JsonInput.Parse("properties", json, "{}"));

        Assert.That(ex!.Message, Does.Contain($"is not valid JSON at line {line}, column {column}:"));
    }

    [TestCase("", 0, 0)]
    [TestCase("aü東😀b", 0, 0)]
    [TestCase("aü東😀b", 1, 1)]
    [TestCase("aü東😀b", 3, 2)]
    [TestCase("aü東😀b", 6, 3)]
    [TestCase("aü東😀b", 10, 5)]
    [TestCase("aü東😀b", 11, 6)]
    [TestCase("aü東😀b", 99, 6)]
    [TestCase("a\uD800b", 4, 2)] // a lone surrogate: 3 bytes (U+FFFD), as the parser transcodes it
    public void IndexOfUtf8Offset_StepsWholeCharacters(string line, long bytes, int index)
    {
        Assert.That(TextColumns.IndexOfUtf8Offset(line, bytes), Is.EqualTo(index));
    }

    [TestCase("aü東😀b", 6, 6)]
    [TestCase("aü東😀b", 5, 5)]
    [TestCase("a\tb", 2, 3)]
    public void ColumnOfIndex_CountsScalarValues(string line, int index, int column)
    {
        Assert.That(TextColumns.ColumnOfIndex(line, index), Is.EqualTo(column));
    }

    [TestCase("a\nb\r\nc", 0, "a")]
    [TestCase("a\nb\r\nc", 1, "b\r")]
    [TestCase("a\nb\r\nc", 2, "c")]
    [TestCase("a\rb\nc", 0, "a\rb")] // the JSON parser starts a line only after '\n'
    [TestCase("a", 3, "")]
    public void Line_SplitsAtLineFeeds(string text, long line, string expected)
    {
        Assert.That(TextColumns.Line(new StringReader(text), line), Is.EqualTo(expected));
    }
}
