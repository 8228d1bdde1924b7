using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using EndToEnd.Tests;

namespace EndToEnd.Cli;

/// <summary>
/// port-ci as users get it, built once for the whole run: `npm run cli` for this machine's runtime (with the .NET tool
/// packages), the archive then unpacked with the system's tar as install.sh and users unpack it. Where CI stages
/// linux-arm64 too (PORT_RIDS), its archive is built and unpacked beside, to run under qemu.
/// </summary>
public static partial class CliArchive
{
    private static readonly Lazy<string> Unpacked = new(BuildAndUnpack, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Version { get; } = VersionPattern().Match(File.ReadAllText(Path.Combine(Repository.Root, "package.json"))).Groups[1].Value;

    public static string Rid { get; } = RuntimeInformation.RuntimeIdentifier;

    private static readonly string Out = Path.Combine(Repository.Root, "out", "cli");

    private static readonly string Archive = Path.Combine(Out, $"port-ci-{Version}-{Rid}{(OperatingSystem.IsWindows() ? ".zip" : ".tar.gz")}");

    private static bool Windows => OperatingSystem.IsWindows();

    /// <summary>out/cli, once this run has built the archive into it (an older one may be there before).</summary>
    public static string OutDirectory => Built(Out);

    public static string ArchivePath => Built(Archive);

    /// <summary>The unpacked archive's folder, port-ci-&lt;version&gt;-&lt;rid&gt;/.</summary>
    public static string Folder => Path.Combine(Unpacked.Value, $"port-ci-{Version}-{Rid}");

    public static string Executable => Path.Combine(Folder, Windows ? "port-ci.exe" : "port-ci");

    /// <summary>The linux-arm64 archive's executable, unpacked; null when this run builds none.</summary>
    public static string? Arm64Executable => CrossBuildsArm64
        ? Path.Combine(Unpacked.Value, $"port-ci-{Version}-linux-arm64", "port-ci")
        : null;

    /// <summary>On linux-x64, when CI stages linux-arm64 (PORT_RIDS), as the release's Linux job builds both.</summary>
    private static bool CrossBuildsArm64 => Rid == "linux-x64" && (Environment.GetEnvironmentVariable("PORT_RIDS") ?? "").Contains("linux-arm64", StringComparison.Ordinal);

    private static string Built(string path)
    {
        _ = Unpacked.Value;
        return path;
    }

    /// <summary>Deletes the unpacked archive, if this run built it.</summary>
    public static void DeleteUnpacked()
    {
        if (Unpacked.IsValueCreated && Directory.Exists(Unpacked.Value))
        {
            Directory.Delete(Unpacked.Value, recursive: true);
        }
    }

    /// <summary>out/cli/nuget: the .NET tool packages built with the archive.</summary>
    public static string ToolFeed => Path.Combine(OutDirectory, "nuget");

    /// <summary>Runs the unpacked executable with only PATH and <paramref name="environment"/>, as a CI step would.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(Dictionary<string, string> environment, params string[] arguments)
    {
        var (code, stdout, stderr) = Repository.Capture(Executable, arguments, environment, TimeSpan.FromMinutes(1), onlyThisEnvironment: true);
        return (code, stdout.Replace("\r\n", "\n"), stderr);
    }

    private static string BuildAndUnpack()
    {
        Repository.Run("node", "scripts/cli.js", "--rids", CrossBuildsArm64 ? $"{Rid},linux-arm64" : Rid, "--tool");
        var target = Directory.CreateTempSubdirectory("port-ci-archive-").FullName;
        if (Windows)
        {
            ZipFile.ExtractToDirectory(Archive, target);
            return target;
        }

        Repository.Run("tar", "-xzf", Archive, "-C", target); // keeps the executable's mode, as users' tar does
        if (CrossBuildsArm64)
        {
            Repository.Run("tar", "-xzf", Path.Combine(Out, $"port-ci-{Version}-linux-arm64.tar.gz"), "-C", target);
        }

        return target;
    }

    [GeneratedRegex("\"version\":\\s*\"([^\"]+)\"")]
    private static partial Regex VersionPattern();
}
