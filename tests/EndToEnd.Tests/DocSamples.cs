using System.Text.RegularExpressions;

namespace EndToEnd.Tests;

/// <summary>
/// The ```yaml blocks of README.md and overview.md. A block that is not an Azure Pipelines sample says so on the line
/// before it, &lt;!-- not run: why --&gt;: DocSampleTests runs the others; the other CIs' tests check theirs.
/// </summary>
public static partial class DocSamples
{
    public static readonly string[] Docs = ["README.md", "overview.md"];

    /// <summary>A ```yaml block of a doc: where it starts, its text, and why it is not run (null when it is run).</summary>
    public sealed record Sample(string Doc, int Line, string Yaml, string? NotRunBecause)
    {
        public override string ToString() => $"{Doc}:{Line}";
    }

    public static IEnumerable<Sample> All() => Docs.SelectMany(ReadSamples);

    private static IEnumerable<Sample> ReadSamples(string doc)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, doc));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```yaml")
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (end < 0)
            {
                throw new InvalidOperationException($"{doc}:{i + 1}: a ```yaml block that is never closed");
            }

            var before = lines.Take(i).LastOrDefault(l => l.Trim().Length > 0) ?? "";
            var notRun = NotRunMarker().Match(before);
            yield return new Sample(doc, i + 1, string.Join('\n', lines[(i + 1)..end]) + "\n", notRun.Success ? notRun.Groups[1].Value.Trim() : null);
            i = end;
        }
    }

    [GeneratedRegex(@"^<!-- not run:(.*)-->$")]
    private static partial Regex NotRunMarker();
}
