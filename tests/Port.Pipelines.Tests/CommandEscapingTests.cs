namespace Port.Pipelines.Tests;

public class CommandEscapingTests
{
    [TestCase("plain", "plain")]
    [TestCase("100%", "100%AZP25")]
    [TestCase("a\r\nb", "a%0D%0Ab")]
    [TestCase("%0A", "%AZP250A")]
    [TestCase("a;b]c", "a;b]c")]
    public void Data_EscapesPercentThenCrLf(string value, string expected)
    {
        Assert.That(CommandEscaping.Data(value), Is.EqualTo(expected));
    }

    [TestCase("a;b]c", "a%3Bb%5Dc")]
    [TestCase("x%;\n", "x%AZP25%3B%0A")]
    public void Property_AlsoEscapesSemicolonAndBracket(string value, string expected)
    {
        Assert.That(CommandEscaping.Property(value), Is.EqualTo(expected));
    }
}
