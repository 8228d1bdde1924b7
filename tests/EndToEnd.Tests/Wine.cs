using System.Diagnostics;

namespace EndToEnd.Tests;

/// <summary>
/// Windows under Wine: Windows Node 20 (PORT_WINE_NODE, from <c>scripts/setup-wine.sh</c>) runs a packaged task's
/// launcher, which starts a win-x64 build of the task added to the unpacked extension (a trimmed single-file build:
/// NativeAOT cannot be compiled for Windows here). Without Wine the Windows tests fail in CI and are skipped elsewhere, saying why.
/// </summary>
public static class Wine
{
    private static readonly Lazy<string?> Staged = new(StageWindowsBuild);

    /// <summary>Windows node.exe, when Wine is set up.</summary>
    public static string? NodeExe => Environment.GetEnvironmentVariable("PORT_WINE_NODE") is { Length: > 0 } path && File.Exists(path)
        && Environment.GetEnvironmentVariable("WINEPREFIX") is { Length: > 0 } ? path : null;

    /// <summary>Stops the calling test unless Wine, Windows Node and the win-x64 build are all there (see <see cref="PlatformRuns.Unavailable"/>).</summary>
    public static void Require()
    {
        if (NodeExe is null)
        {
            PlatformRuns.Unavailable("Wine is not set up: run `eval \"$(bash scripts/setup-wine.sh)\"` first; .ci/run does.");
        }

        if (Staged.Value is { } problem)
        {
            Assert.Fail(problem);
        }
    }

    /// <summary>A path of this machine as Windows programs under Wine see it (drive Z: is the root).</summary>
    public static string WindowsPath(string unixPath) => "Z:" + Path.GetFullPath(unixPath).Replace('/', '\\');

    public static string UnixPath(string windowsPath) =>
        windowsPath.StartsWith("Z:", StringComparison.OrdinalIgnoreCase) ? windowsPath[2..].Replace('\\', '/') : windowsPath;

    /// <summary>
    /// The variables Wine itself needs, on top of the task's. Wine decodes the Unix environment and paths with the
    /// locale's character set: UTF-8, or a non-ASCII input reaches the task garbled (a Windows agent passes UTF-16).
    /// </summary>
    public static IEnumerable<(string Name, string Value)> Variables =>
        new[] { "WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES", "HOME", "PATH" }
            .Select(name => (name, Environment.GetEnvironmentVariable(name)))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.name, p.Item2!))
            .Append(("LANG", "C.UTF-8")).Append(("LC_ALL", "C.UTF-8"));

    /// <summary>Stops the wineserver the tests kept warm, and every Windows process it still runs.</summary>
    public static void Stop()
    {
        if (NodeExe is not null && Staged.IsValueCreated)
        {
            Quietly("wineserver", "-k");
        }
    }

    /// <summary>Once a run: publishes win-x64 into the unpacked extension, and keeps one wineserver warm for every test.</summary>
    private static string? StageWindowsBuild()
    {
        var log = Repository.Run("node", "scripts/stage.js", "--rids", "win-x64", "--into", Path.Combine(PackagedExtension.Unpacked, "tasks"));
        var missing = Directory.GetDirectories(Path.Combine(PackagedExtension.Unpacked, "tasks"))
            .Where(task => !File.Exists(Path.Combine(task, "bin", "win-x64", Path.GetFileName(task) + ".exe.br"))).ToList();
        if (missing.Count > 0)
        {
            return $"No win-x64 build of {string.Join(", ", missing.Select(Path.GetFileName))}:\n{log}";
        }

        Quietly("wineserver", "-p"); // persistent: each Windows process then starts in a tenth of a second, not three
        return null;
    }

    /// <summary>Runs a Wine tool with its output to a pipe of ours, so a daemon it leaves never holds the test run's output open.</summary>
    private static void Quietly(string file, string argument)
    {
        var start = new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var process = Process.Start(start)!;
        process.WaitForExit(TimeSpan.FromSeconds(30));
    }
}
