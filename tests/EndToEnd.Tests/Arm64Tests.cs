using System.Diagnostics;

namespace EndToEnd.Tests;

/// <summary>
/// The linux-arm64 build, cross-compiled on x64 and run under qemu-user. CI stages it (PORT_RIDS=linux-x64,linux-arm64)
/// when the cross toolchain installs; without it the test fails in CI and is skipped elsewhere, saying why.
/// </summary>
public class Arm64Tests : EmulatorTest
{
    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // guarded below: unavailable elsewhere
    public void Arm64Binary_ReadsAnEntity()
    {
        var packed = Path.Combine(PackagedExtension.TaskDirectory("PortGetEntity"), "bin", "linux-arm64", "PortGetEntity.br");
        var qemu = new[] { "/usr/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static" }.FirstOrDefault(File.Exists);
        if (!OperatingSystem.IsLinux() || !File.Exists(packed) || qemu is null || !Directory.Exists("/usr/aarch64-linux-gnu"))
        {
            PlatformRuns.Unavailable("linux-arm64 is not staged (PORT_RIDS=linux-x64,linux-arm64) or qemu-user is missing; .ci/run installs both as root.");
        }

        var binary = Unpack(packed); // as the launcher does on an arm64 agent
        var start = new ProcessStartInfo(qemu!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-L", "/usr/aarch64-linux-gnu", binary })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["INPUT_BLUEPRINT"] = "microservice";
        start.Environment["INPUT_IDENTIFIER"] = "checkout";
        start.Environment["INPUT_BASEURL"] = PackagedExtension.Emulator.BaseUrl;
        start.Environment["PORT_CLIENT_ID"] = "demo-client-id";
        start.Environment["SECRET_PORT_CLIENT_SECRET"] = "demo-client-secret";
        PlatformRuns.Count(PlatformRuns.Arm64);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the arm64 task finished");

        var run = new AgentRun(process.ExitCode, (output.Result + errors.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["property_version"], Is.EqualTo("1.4.0"));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string Unpack(string packed)
    {
        var binary = Path.Combine(Directory.CreateTempSubdirectory("port-arm64-").FullName, "PortGetEntity");
        using (var source = new System.IO.Compression.BrotliStream(File.OpenRead(packed), System.IO.Compression.CompressionMode.Decompress))
        using (var target = File.Create(binary))
        {
            source.CopyTo(target);
        }

        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return binary;
    }
}
