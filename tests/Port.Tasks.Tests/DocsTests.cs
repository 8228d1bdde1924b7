using System.Diagnostics;

namespace Port.Tasks.Tests;

/// <summary>The docs generated from the repository stay in step with it.</summary>
public class DocsTests
{
    private static readonly string Root = Manifest.Root;

    [Test]
    public void GeneratedDocs_MatchTheTaskJsonFiles()
    {
        var (exitCode, output) = Run("python3", "scripts/task-docs.py", "--check");

        Assert.That(exitCode, Is.Zero, output);
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
