using System.Text;

namespace Port.Pipelines;

/// <summary>
/// Escaping of logging-command text, the inverse of the agent's CommandStringConvertor:
/// '%' first (as %AZP25), then CR and LF; in property values also ']' and ';'.
/// </summary>
public static class CommandEscaping
{
    public static string Data(string value) => new StringBuilder(value)
        .Replace("%", "%AZP25")
        .Replace("\r", "%0D")
        .Replace("\n", "%0A")
        .ToString();

    public static string Property(string value) => new StringBuilder(Data(value))
        .Replace("]", "%5D")
        .Replace(";", "%3B")
        .ToString();

    /// <summary>The agent acts on "##vso[" anywhere in a line and on "##[" decorations; break both in plain text.</summary>
    public static string Neutralize(string text) => text.Replace("##vso[", "##vso_[", StringComparison.OrdinalIgnoreCase).Replace("##[", "#_#[");
}
