using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// The main README's ```yaml blocks written for another CI, each marked &lt;!-- not run: &lt;CI&gt; ... --&gt; (so
/// EndToEnd.Tests' Azure Pipelines runner skips them): each integration's tests check theirs against that CI's schema.
/// </summary>
public static class ReadmeBlocks
{
    /// <summary>Writes each block marked for <paramref name="ci"/> (e.g. "CircleCI") to its own .yml file in <paramref name="folder"/>.</summary>
    public static string[] WriteFor(string ci, string folder)
    {
        var blocks = DocSamples.All().Where(s => s.Doc == "README.md" && s.NotRunBecause?.StartsWith(ci, StringComparison.Ordinal) == true).ToList();
        Assert.That(blocks, Is.Not.Empty, $"README.md has {ci} blocks, marked <!-- not run: {ci} ... -->");
        return blocks.Select(block =>
        {
            var file = Path.Combine(folder, $"readme-{block.Line}.yml");
            File.WriteAllText(file, block.Yaml);
            return file;
        }).ToArray();
    }
}
