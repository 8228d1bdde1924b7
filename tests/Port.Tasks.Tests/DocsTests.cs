using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Port.Tasks.Tests;

/// <summary>The docs that are generated or listed from the repository itself stay in step with it.</summary>
public class DocsTests
{
    private static readonly string Root = Manifest.Root;

    [Test]
    public void GeneratedDocs_MatchTheTaskJsonFiles()
    {
        var (exitCode, output) = Run("python3", "scripts/task-docs.py", "--check");

        Assert.That(exitCode, Is.Zero, output);
    }

    /// <summary>Every project under src/ and tests/: the folders that hold a .csproj.</summary>
    private static IEnumerable<string> Projects() => new[] { "src", "tests" }
        .SelectMany(folder => Directory.GetDirectories(Path.Combine(Root, folder))
            .Where(dir => Directory.GetFiles(dir, "*.csproj").Length > 0)
            .Select(dir => $"{folder}/{Path.GetFileName(dir)}"))
        .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Projects))]
    public void ReadmeLayout_NamesEveryProject(string project)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var layout = Regex.Match(readme, @"\n## Layout\n(.*?)\n## ", RegexOptions.Singleline).Groups[1].Value;

        Assert.That(layout, Does.Contain("| path | what |"), "README.md has a Layout section with its table");
        Assert.That(layout, Does.Contain($"`{project}`"), $"the README's Layout table names {project}");
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
