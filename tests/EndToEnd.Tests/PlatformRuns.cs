using System.Collections.Concurrent;
using System.Globalization;

namespace EndToEnd.Tests;

/// <summary>
/// Counts the runs of packaged task binaries on each platform, so a test run can say what was executed where
/// (<c>out/platforms.txt</c>, which <c>.ci/run</c> prints).
/// </summary>
public static class PlatformRuns
{
    public const string Linux = "linux-x64, Node's launcher";
    public const string Arm64 = "linux-arm64 under qemu-user";
    public const string Windows = "win-x64 under Wine 8, Windows Node 20's launcher (trimmed single-file test build)";

    private static readonly ConcurrentDictionary<string, int> Runs = new();

    public static void Count(string platform) => Runs.AddOrUpdate(platform, 1, (_, n) => n + 1);

    /// <summary>
    /// A platform test that cannot run here. In CI (CI=true) that fails the run, so a green CI means every platform was
    /// tested; elsewhere the test is skipped, saying why and how to set the platform up.
    /// </summary>
    public static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI must run every platform test, and this one cannot run: {why}");
        }

        Assert.Ignore($"SKIPPED, this platform is untested in this run: {why}");
    }

    public static void Write(string path)
    {
        var lines = new[] { Linux, Arm64, Windows }
            .Select(platform => Runs.TryGetValue(platform, out var n)
                ? string.Create(CultureInfo.InvariantCulture, $"  {platform}: {n} task runs")
                : $"  {platform}: not run (see the skipped tests for why)")
            .Append("  macOS (osx-arm64): not run here, no Mac; the release pipeline runs these tests on macos-latest");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines.Prepend("Packaged tasks executed, by platform:"));
    }
}
