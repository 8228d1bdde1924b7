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
        var (code, stdout, stderr) = Capture(file, arguments, environment, TimeSpan.FromMinutes(15));
        if (code != exitCode)
        {
            Assert.Fail($"{file} {string.Join(' ', arguments)} exited with {code}, not {exitCode}:\n{stdout}{stderr}");
        }

        return stdout + stderr;
    }

    /// <summary>
    /// Runs a command in the repository root and returns how it ended and what it printed; fails the test if it runs
    /// past <paramref name="timeout"/>. With <paramref name="onlyThisEnvironment"/>, it gets PATH and
    /// <paramref name="environment"/> alone, as a CI step gets only its CI's variables.
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr) Capture(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, bool onlyThisEnvironment = false)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        if (onlyThisEnvironment)
        {
            start.Environment.Clear();
            start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        }

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
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish in {timeout.TotalMinutes} minute(s)");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
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
