using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EndToEnd.Tests;

namespace EndToEnd.Cli;

/// <summary>The release archive `npm run cli` builds for this machine: what it holds, and its executable run as is, on every OS.</summary>
public class CliArchiveTests : CliTest
{
    [Test]
    public void TheArchive_HoldsTheExecutable_TheLicence_AndAReadme_AndItsSumIsInSha256Sums()
    {
        var files = Directory.GetFiles(CliArchive.Folder).Select(Path.GetFileName);
        var sums = File.ReadAllLines(Path.Combine(CliArchive.OutDirectory, "SHA256SUMS"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(CliArchive.ArchivePath)));

        Assert.That(files, Is.EquivalentTo(new[] { "LICENSE", Path.GetFileName(CliArchive.Executable), "README.md" }));
        Assert.That(File.ReadAllText(Path.Combine(CliArchive.Folder, "README.md")), Does.StartWith("# port-ci\n"));
        Assert.That(sums, Does.Contain($"{hash}  {Path.GetFileName(CliArchive.ArchivePath)}"), "the line sha256sum -c checks");
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(CliArchive.Executable) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute), "unpacked, it runs as is");
        }
    }

    [Test]
    public void TheExecutable_SaysItsVersion_AndReadsAnEntity_WithNothingButItsEnvironment()
    {
        var version = CliArchive.Run(new(), "--version");
        var read = CliArchive.Run(new() { ["PORT_CLIENT_ID"] = SimulatedCi.ClientId, ["PORT_CLIENT_SECRET"] = SimulatedCi.ClientSecret, ["PORT_BASE_URL"] = Emulator.BaseUrl },
            "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That((version.ExitCode, version.Stdout), Is.EqualTo((0, $"port-ci {CliArchive.Version}\n")));
        Assert.That(read.ExitCode, Is.Zero, read.Stdout);
        Assert.That((string?)JsonNode.Parse(read.Stdout)!["property_version"], Is.EqualTo("1.4.0"));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "install.sh is for POSIX shells")]
    public void InstallSh_InstallsTheBuiltArchive_ServedAsAReleaseServesIt_AndItRuns()
    {
        using var release = new PortCi.Tests.StaticFileServer(CliArchive.OutDirectory);
        var bin = Directory.CreateTempSubdirectory("port-ci-bin-").FullName;
        try
        {
            var said = Repository.Run(new Dictionary<string, string> { ["PORT_CI_DOWNLOAD_URL"] = release.Url, ["PORT_CI_VERSION"] = CliArchive.Version }, 0, "sh", "install.sh", "--dir", bin);

            Assert.That(release.Requests, Does.Contain("/SHA256SUMS").And.Contain("/" + Path.GetFileName(CliArchive.ArchivePath)), said);
            var installed = Path.Combine(bin, "port-ci");
            Assert.That(File.ReadAllBytes(installed), Is.EqualTo(File.ReadAllBytes(CliArchive.Executable)), "the archive's executable, as built");
            Assert.That(Repository.Run(installed, "--version").Trim(), Is.EqualTo($"port-ci {CliArchive.Version}"));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Test]
    public void TheLinuxArm64Archive_ReadsAnEntity_UnderQemu()
    {
        var qemu = new[] { "/usr/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static" }.FirstOrDefault(File.Exists);
        if (CliArchive.Arm64Executable is null || qemu is null || !Directory.Exists("/usr/aarch64-linux-gnu"))
        {
            PlatformRuns.Unavailable("linux-arm64 is not built (on linux-x64 with PORT_RIDS=linux-x64,linux-arm64) or qemu-user is missing; .ci/run installs both as root.");
        }

        var (code, stdout, stderr) = Repository.Capture(qemu!, ["-L", "/usr/aarch64-linux-gnu", CliArchive.Arm64Executable!, "get-entity", "--blueprint", "microservice", "--identifier", "checkout"],
            new Dictionary<string, string> { ["PORT_CLIENT_ID"] = SimulatedCi.ClientId, ["PORT_CLIENT_SECRET"] = SimulatedCi.ClientSecret, ["PORT_BASE_URL"] = Emulator.BaseUrl },
            TimeSpan.FromMinutes(1), onlyThisEnvironment: true);

        Assert.That(code, Is.Zero, stderr);
        Assert.That((string?)JsonNode.Parse(stdout)!["property_version"], Is.EqualTo("1.4.0"));
    }

    [Test]
    public void DotnetToolInstall_FromTheBuiltPackages_InstallsTheSameExecutable_ForThisRuntime()
    {
        var tools = Directory.CreateTempSubdirectory("port-ci-tool-").FullName;
        try
        {
            // Only the local feed: a restore must not reach nuget.org.
            var config = Path.Combine(tools, "nuget.config");
            File.WriteAllText(config, $"""<configuration><packageSources><clear /><add key="built" value="{CliArchive.ToolFeed}" /></packageSources></configuration>""");

            Repository.Run(new Dictionary<string, string>(), 0, "dotnet", "tool", "install", "port-ci", "--version", CliArchive.Version, "--tool-path", Path.Combine(tools, "bin"), "--configfile", config);
            var installed = Path.Combine(tools, "bin", OperatingSystem.IsWindows() ? "port-ci.exe" : "port-ci");

            Assert.That(Repository.Run(installed, "--version").Trim(), Is.EqualTo($"port-ci {CliArchive.Version}"));
            if (!OperatingSystem.IsWindows()) // there the tool path holds a shim that starts it
            {
                Assert.That(File.ReadAllBytes(installed), Is.EqualTo(File.ReadAllBytes(CliArchive.Executable)), "the archive's NativeAOT executable, not a framework-dependent build");
            }
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    [Test]
    public void TheWindowsArchive_AZip_UnpacksAsWindowsUnpacksIt()
    {
        // Windows archives are built only on Windows (NativeAOT); their zip writer is checked here on any OS.
        var zip = Path.Combine(Path.GetTempPath(), $"port-ci-zip-{Guid.NewGuid():N}.zip");
        var exe = new byte[200_000];
        Random.Shared.NextBytes(exe.AsSpan(0, 100_000)); // half noise, half zeros: both deflate paths
        File.WriteAllBytes(zip + ".exe", exe);
        try
        {
            Repository.Run("node", "-e", $$"""
                const fs = require('fs');
                const { zip } = require('./scripts/archive');
                fs.writeFileSync(process.argv[1], zip('port-ci-9.9.9-win-x64', [
                  { name: 'port-ci.exe', data: fs.readFileSync(process.argv[1] + '.exe'), executable: true },
                  { name: 'LICENSE', data: fs.readFileSync('LICENSE'), executable: false }], 1764900000));
                """, zip);
            using var archive = ZipFile.OpenRead(zip);

            Assert.That(archive.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "port-ci-9.9.9-win-x64/port-ci.exe", "port-ci-9.9.9-win-x64/LICENSE" }));
            using var unpacked = new MemoryStream();
            archive.Entries[0].Open().CopyTo(unpacked);
            Assert.That(unpacked.ToArray(), Is.EqualTo(exe), "the bytes come back, their CRC checked");
            Assert.That(archive.Entries[0].LastWriteTime.UtcDateTime.Year, Is.EqualTo(2025));
        }
        finally
        {
            File.Delete(zip);
            File.Delete(zip + ".exe");
        }
    }
}
