using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PortCi.Tests;

/// <summary>
/// install.sh, run with sh (dash on Debian) as users run it, against a local server holding fake release archives in the
/// real layout. A fake <c>uname</c> (and <c>ldd</c>) first on PATH plays the OS and CPU; HOME and TMPDIR are the test's.
/// </summary>
[NonParallelizable]
[UnsupportedOSPlatform("windows")] // ignored there: Windows users run install.sh in Git Bash, and the tests need a Unix sh
public class InstallScriptTests
{
    private const string Version = "9.8.7";
    private static readonly string Script = Path.Combine(FindRoot(), "install.sh");

    private string _work = null!;
    private string _release = null!;
    private string _home = null!;
    private string _tmp = null!;
    private string _fakes = null!;
    private StaticFileServer _server = null!;

    private string DefaultDir => Path.Combine(_home, ".local", "bin");

    [SetUp]
    public void SetUp()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("install.sh is tested on Linux and macOS.");
        }

        if (FindOnPath("tar") is null)
        {
            Unavailable("tar is not installed, so the test cannot build a release archive.");
        }

        _work = Directory.CreateTempSubdirectory("install-sh-").FullName;
        _release = Directory.CreateDirectory(Path.Combine(_work, "release")).FullName;
        _home = Directory.CreateDirectory(Path.Combine(_work, "home")).FullName;
        _tmp = Directory.CreateDirectory(Path.Combine(_work, "tmp")).FullName;
        _fakes = Directory.CreateDirectory(Path.Combine(_work, "fakes")).FullName;
        _server = new StaticFileServer(_release);
        FakeUname("Linux", "x86_64");
    }

    [TearDown]
    public void TearDown()
    {
        _server?.Dispose();
        if (_work is not null)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [TestCase("Linux", "x86_64", "linux-x64")]
    [TestCase("Linux", "amd64", "linux-x64")]
    [TestCase("Linux", "aarch64", "linux-arm64")]
    [TestCase("Linux", "arm64", "linux-arm64")]
    [TestCase("Darwin", "arm64", "osx-arm64")]
    [TestCase("MINGW64_NT-10.0-19045", "x86_64", "win-x64")]
    public void Installs_TheBuildForTheOsAndCpu_AndItRuns(string os, string cpu, string rid)
    {
        if (rid == "win-x64" && FindOnPath("unzip") is null)
        {
            Unavailable("unzip is not installed (apt-get install unzip), and install.sh unpacks the Windows build with it.");
        }

        BuildRelease(Version, "linux-x64", "linux-arm64", "osx-arm64", "win-x64");
        FakeUname(os, cpu);

        var result = Run("--version", Version);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var executable = Path.Combine(DefaultDir, rid.StartsWith("win", StringComparison.Ordinal) ? "port-ci.exe" : "port-ci");
        Assert.That(VersionOf(executable), Is.EqualTo($"port-ci {Version}"));
        Assert.That(result.Stdout, Does.Contain($"Installed port-ci {Version} to {executable}"));
        Assert.That(_server.Requests, Does.Contain($"/{ArchiveName(Version, rid)}"));
        Assert.That(Directory.GetFileSystemEntries(_tmp), Is.Empty, "the temporary folder is removed");
        Assert.That(Directory.GetFiles(DefaultDir), Has.Length.EqualTo(1), "only the executable, no staged copy");
    }

    [Test]
    public void WithoutAVersion_InstallsPackageJsonsVersion_TheOneTheScriptIsStampedWith()
    {
        var version = Regex.Match(File.ReadAllText(Path.Combine(FindRoot(), "package.json")), "\"version\":\\s*\"([^\"]+)\"").Groups[1].Value;
        BuildRelease(version, "linux-x64");

        var result = Run();

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(VersionOf(Path.Combine(DefaultDir, "port-ci")), Is.EqualTo($"port-ci {version}"));
    }

    [Test]
    public void TheSameVersionAlreadyInstalled_SkipsTheDownload()
    {
        BuildRelease(Version, "linux-x64");
        FakePortCi(DefaultDir, Version);

        var result = Run("--version", Version);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain($"port-ci {Version} is already installed in {DefaultDir}; nothing to download."));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public void AnotherVersionInstalled_IsReplaced()
    {
        BuildRelease(Version, "linux-x64");
        FakePortCi(DefaultDir, "1.0.0");

        var result = Run("--version", $"v{Version}");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(VersionOf(Path.Combine(DefaultDir, "port-ci")), Is.EqualTo($"port-ci {Version}"));
    }

    [Test]
    public void ACorruptArchive_IsRefused_AndNothingIsInstalled()
    {
        BuildRelease(Version, "linux-x64");
        var archive = Path.Combine(_release, ArchiveName(Version, "linux-x64"));
        var bytes = File.ReadAllBytes(archive);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(archive, bytes);

        var result = Run("--version", Version);

        AssertRefused(result, $"{ArchiveName(Version, "linux-x64")} does not match its SHA-256 in SHA256SUMS");
        Assert.That(Directory.GetFileSystemEntries(DefaultDir), Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(_tmp), Is.Empty);
    }

    [Test]
    public void AnArchiveMissingFromSha256Sums_IsRefused_AndNothingIsInstalled()
    {
        BuildRelease(Version, "linux-x64", "linux-arm64");
        var sums = Path.Combine(_release, "SHA256SUMS");
        File.WriteAllLines(sums, File.ReadAllLines(sums).Where(line => !line.Contains("linux-x64", StringComparison.Ordinal)));

        var result = Run("--version", Version);

        AssertRefused(result, $"SHA256SUMS at {_server.Url.TrimEnd('/')}/ has no line for {ArchiveName(Version, "linux-x64")}");
        Assert.That(Directory.GetFileSystemEntries(DefaultDir), Is.Empty);
    }

    [Test]
    public void ABuildThatDoesNotRun_IsRefused_AndTheInstalledVersionStays()
    {
        BuildRelease(Version, "linux-x64", portCi: "#!/bin/sh\necho 'cannot execute: required file not found' >&2\nexit 127\n");
        FakePortCi(DefaultDir, "1.0.0");

        var result = Run("--version", Version);

        AssertRefused(result, "the port-ci linux-x64 build does not run here (cannot execute: required file not found)");
        Assert.That(VersionOf(Path.Combine(DefaultDir, "port-ci")), Is.EqualTo("port-ci 1.0.0"));
        Assert.That(Directory.GetFiles(DefaultDir), Has.Length.EqualTo(1), "no staged copy left behind");
    }

    [Test]
    public void AServerFailingTwice_IsRetried()
    {
        BuildRelease(Version, "linux-x64");
        _server.Fail(ArchiveName(Version, "linux-x64"), times: 2);

        var result = Run("--version", Version);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(_server.Requests.Count(path => path == $"/{ArchiveName(Version, "linux-x64")}"), Is.EqualTo(3));
        Assert.That(File.Exists(Path.Combine(DefaultDir, "port-ci")), Is.True);
    }

    [Test]
    public void ADownloadCutShortAfterA200_SaysSo_NotBlamingTheServer()
    {
        BuildRelease(Version, "linux-x64");
        _server.CutShort(ArchiveName(Version, "linux-x64"));

        var result = Run("--version", Version);

        AssertRefused(result, $"could not download {_server.Url}{ArchiveName(Version, "linux-x64")}: the download was cut short (curl exit 18;");
        Assert.That(Directory.GetFileSystemEntries(DefaultDir), Is.Empty);
    }

    [Test]
    public void AVersionThatWasNotReleased_SaysSo()
    {
        BuildRelease(Version, "linux-x64");

        var result = Run("--version", "9.9.9");

        AssertRefused(result, $"{_server.Url}{ArchiveName("9.9.9", "linux-x64")} was not found (404): is 9.9.9 a released version of port-ci?");
    }

    [Test]
    public void Dir_InstallsThere_AndCreatesIt()
    {
        BuildRelease(Version, "linux-x64");
        var dir = Path.Combine(_work, "tools", "bin");

        var result = Run("--version", Version, "--dir", dir);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(VersionOf(Path.Combine(dir, "port-ci")), Is.EqualTo($"port-ci {Version}"));
        Assert.That(Directory.Exists(DefaultDir), Is.False);
    }

    [Test]
    public void InstallDirVariable_IsTheDefaultDir()
    {
        BuildRelease(Version, "linux-x64");
        var dir = Path.Combine(_work, "opt");

        var result = RunWith(new() { ["PORT_CI_INSTALL_DIR"] = dir, ["PORT_CI_VERSION"] = Version });

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.Exists(Path.Combine(dir, "port-ci")), Is.True);
    }

    [Test]
    public void ADirNotOnPath_GetsAHint_AndInGitHubActionsTheGitHubPathLine()
    {
        BuildRelease(Version, "linux-x64");

        var plain = Run("--version", Version);
        File.Delete(Path.Combine(DefaultDir, "port-ci"));
        var github = RunWith(new() { ["GITHUB_ACTIONS"] = "true" }, "--version", Version);

        Assert.That(plain.Stdout, Does.Contain($"{DefaultDir} is not on your PATH").And.Contain($"export PATH=\"{DefaultDir}:$PATH\""));
        Assert.That(plain.Stdout, Does.Not.Contain("GITHUB_PATH"));
        Assert.That(github.Stdout, Does.Contain($"echo \"{DefaultDir}\" >> \"$GITHUB_PATH\""));
    }

    [Test]
    public void ADirOnPath_GetsNoHint()
    {
        BuildRelease(Version, "linux-x64");

        var result = RunWith(new() { ["PATH"] = $"{_fakes}:{DefaultDir}:/usr/local/bin:/usr/bin:/bin" }, "--version", Version);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Not.Contain("not on your PATH"));
    }

    [Test]
    public void WithoutCurlOrSha256sum_DownloadsWithWget_AndChecksWithOpenssl()
    {
        // PATH holds the fake uname and links to the tools the script needs, but neither curl nor sha256sum nor shasum.
        string[] tools = ["sh", "cat", "mkdir", "mktemp", "rm", "cp", "mv", "chmod", "tar", "gzip", "awk", "sed", "tr", "grep", "cut", "wget", "openssl"];
        foreach (var tool in tools)
        {
            var found = FindOnPath(tool);
            if (found is null)
            {
                Unavailable($"{tool} is not installed.");
            }

            File.CreateSymbolicLink(Path.Combine(_fakes, tool), found!);
        }

        BuildRelease(Version, "linux-x64");
        _server.Fail(ArchiveName(Version, "linux-x64"), times: 1);

        var result = RunWith(new() { ["PATH"] = _fakes }, "--version", Version);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(VersionOf(Path.Combine(DefaultDir, "port-ci")), Is.EqualTo($"port-ci {Version}"));
        Assert.That(_server.Requests.Count(path => path.EndsWith(".tar.gz", StringComparison.Ordinal)), Is.EqualTo(2), "wget retried the 500");
    }

    [TestCase("Darwin", "x86_64", "there is no port-ci build for macOS on Intel (x86_64), only for Apple silicon (osx-arm64). Run port-ci in a Linux container")]
    [TestCase("Linux", "riscv64", "there is no port-ci build for Linux on 'riscv64'")]
    [TestCase("FreeBSD", "amd64", "there is no port-ci build for 'FreeBSD' on 'amd64'")]
    [TestCase("MINGW64_NT-10.0", "i686", "there is no port-ci build for Windows on 'i686'")]
    public void AnUnsupportedPlatform_IsNamed_WithTheWayToBuildFromSource(string os, string cpu, string message)
    {
        BuildRelease(Version, "linux-x64", "linux-arm64", "osx-arm64", "win-x64");
        FakeUname(os, cpu);

        var result = Run("--version", Version);

        AssertRefused(result, message);
        Assert.That(result.Stderr, Does.Contain("dotnet publish src/PortCi"));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public void Musl_IsRefused_NamingGlibcImagesAndGcompat()
    {
        BuildRelease(Version, "linux-x64");
        // Alpine's ldd is musl's loader, which prints its banner on stderr and exits 1.
        WriteExecutable(Path.Combine(_fakes, "ldd"), "#!/bin/sh\nprintf 'musl libc (x86_64)\\nVersion 1.2.5\\n' >&2\nexit 1\n");

        var result = Run("--version", Version);

        AssertRefused(result, "this Linux uses the musl C library");
        Assert.That(result.Stderr, Does.Contain("debian or ubuntu").And.Contain("apk add gcompat"));
        Assert.That(_server.Requests, Is.Empty);
    }

    [TestCase("--bogus", "unknown argument '--bogus'")]
    [TestCase("--version", "--version needs a version")]
    [TestCase("--version=latest", "'latest' is not a version")]
    [TestCase("--dir", "--dir needs a folder")]
    public void BadArguments_AreOneClearMessage(string argument, string message)
    {
        var result = Run(argument);

        AssertRefused(result, message);
    }

    [Test]
    public void Help_ListsTheOptions()
    {
        var result = Run("--help");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("--dir DIR").And.Contain("--version X.Y.Z").And.Contain("PORT_CI_DOWNLOAD_URL"));
    }

    [Test]
    public void ShellCheck_FindsNothing()
    {
        var shellcheck = FindOnPath("shellcheck");
        if (shellcheck is null)
        {
            Unavailable("shellcheck is not installed (apt-get install shellcheck).");
        }

        var result = Execute(shellcheck!, "-s", "sh", Script);

        Assert.That(result.ExitCode, Is.Zero, $"shellcheck -s sh install.sh: {result}");
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private static void AssertRefused(Result result, string message)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.StartWith("install.sh: ").And.Contain(message));
        Assert.That(result.Stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one message");
    }

    private Result Run(params string[] args) => RunWith(new(), args);

    private Result RunWith(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test gives: a CI's own variables (GITHUB_ACTIONS, PORT_CI_*) must not reach the script.
        start.Environment.Clear();
        start.Environment["PATH"] = $"{_fakes}:/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = _home;
        start.Environment["TMPDIR"] = _tmp;
        start.Environment["PORT_CI_DOWNLOAD_URL"] = _server.Url;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("install.sh did not finish within 60 s");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static Result Execute(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>What an installed port-ci says to <c>--version</c>.</summary>
    private static string VersionOf(string executable)
    {
        var result = Execute(executable, "--version");
        Assert.That(result.ExitCode, Is.Zero, $"{executable} --version: {result}");
        return result.Stdout.Trim();
    }

    /// <summary>
    /// Archives in the release layout (port-ci-&lt;version&gt;-&lt;rid&gt;/ holding the executable, LICENSE and README.md) and
    /// their SHA256SUMS. The executable is a shell script that prints <c>port-ci &lt;version&gt;</c>, even in the Windows zip.
    /// </summary>
    private void BuildRelease(string version, params string[] rids) => BuildRelease(version, rids, portCi: null);

    private void BuildRelease(string version, string rid, string portCi) => BuildRelease(version, [rid], portCi);

    private void BuildRelease(string version, string[] rids, string? portCi)
    {
        var sums = new StringBuilder();
        foreach (var rid in rids)
        {
            var name = $"port-ci-{version}-{rid}";
            var folder = Directory.CreateDirectory(Path.Combine(_work, "build", name)).FullName;
            var windows = rid.StartsWith("win", StringComparison.Ordinal);
            WriteExecutable(Path.Combine(folder, windows ? "port-ci.exe" : "port-ci"), portCi ?? $"#!/bin/sh\necho 'port-ci {version}'\n");
            File.WriteAllText(Path.Combine(folder, "LICENSE"), "MIT License\n");
            File.WriteAllText(Path.Combine(folder, "README.md"), "# port-ci\n");
            var archive = Path.Combine(_release, ArchiveName(version, rid));
            if (windows)
            {
                ZipFile.CreateFromDirectory(folder, archive, CompressionLevel.Fastest, includeBaseDirectory: true);
            }
            else
            {
                var tar = Execute("tar", "-czf", archive, "-C", Path.Combine(_work, "build"), name);
                Assert.That(tar.ExitCode, Is.Zero, $"tar: {tar}");
            }

            sums.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)))).Append("  ").Append(Path.GetFileName(archive)).Append('\n');
        }

        File.WriteAllText(Path.Combine(_release, "SHA256SUMS"), sums.ToString());
    }

    private static string ArchiveName(string version, string rid) =>
        rid.StartsWith("win", StringComparison.Ordinal) ? $"port-ci-{version}-{rid}.zip" : $"port-ci-{version}-{rid}.tar.gz";

    private void FakeUname(string os, string cpu) =>
        WriteExecutable(Path.Combine(_fakes, "uname"), $"#!/bin/sh\ncase \"$1\" in\n  -s) echo '{os}' ;;\n  -m) echo '{cpu}' ;;\n  *) echo '{os}' ;;\nesac\n");

    private static void FakePortCi(string dir, string version)
    {
        Directory.CreateDirectory(dir);
        WriteExecutable(Path.Combine(dir, "port-ci"), $"#!/bin/sh\necho 'port-ci {version}'\n");
    }

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// A check this machine cannot run. In CI (CI=true) that fails, so a green CI means it ran; elsewhere the test is
    /// ignored, saying why. (The rule of tests/EndToEnd.Tests/PlatformRuns.cs.)
    /// </summary>
    private static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI must run this check, and it cannot run here: {why}");
        }

        Assert.Ignore($"SKIPPED, untested in this run: {why}");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortAzureTasks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (PortAzureTasks.sln) was not found.");
    }
}
