using System.Diagnostics;

namespace EndToEnd.Tests;

/// <summary>The repository root and running its build scripts.</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    /// <summary>Runs a command in the repository root; fails the test with its output when it exits non-zero.</summary>
    public static string Run(string file, params string[] arguments) => Run(new Dictionary<string, string>(), 0, file, arguments);

    /// <summary>Runs a command with more environment variables; fails the test unless it exits with <paramref name="exitCode"/>.</summary>
    public static string Run(IReadOnlyDictionary<string, string> environment, int exitCode, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish in 15 minutes");
        }

        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != exitCode)
        {
            Assert.Fail($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}, not {exitCode}:\n{output}");
        }

        return output;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortAzureTasks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PortAzureTasks.sln not found");
    }
}
