namespace EndToEnd.Tests;

/// <summary>
/// The linux-arm64 build, cross-compiled on x64, run by its launcher under qemu-user. CI stages it
/// (PORT_RIDS=linux-x64,linux-arm64) when the cross toolchain installs; without it the test fails in CI and is skipped
/// elsewhere, saying why.
/// </summary>
public class Arm64Tests : EmulatorTest
{
    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // guarded below: unavailable elsewhere
    public void Arm64Binary_ReadsAnEntity_ThroughItsLauncher()
    {
        var packaged = PackagedExtension.TaskDirectory("PortGetEntity");
        var packed = Path.Combine(packaged, "bin", "linux-arm64", "PortGetEntity.br");
        var qemu = new[] { "/usr/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static" }.FirstOrDefault(File.Exists);
        if (!OperatingSystem.IsLinux() || !File.Exists(packed) || qemu is null || !Directory.Exists("/usr/aarch64-linux-gnu"))
        {
            PlatformRuns.Unavailable("linux-arm64 is not staged (PORT_RIDS=linux-x64,linux-arm64) or qemu-user is missing; .ci/run installs both as root.");
        }

        // The launcher runs an unpacked build in bin/<rid>/ as it is: there, a script that starts the arm64 build
        // under qemu, as an arm64 agent's kernel would start it. The task still sends its requests through the launcher.
        var folder = Directory.CreateDirectory(Path.Combine(Directory.CreateTempSubdirectory("port-arm64-").FullName, "PortGetEntity")).FullName; // the launcher's task is its folder's name
        foreach (var file in new[] { "task.json", "launcher.js", "launcher-transport.js" })
        {
            File.Copy(Path.Combine(packaged, file), Path.Combine(folder, file));
        }

        var binary = Unpack(packed, Path.Combine(folder, "PortGetEntity-arm64"));
        var wrapper = Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "bin", "linux-arm64")).FullName, "PortGetEntity");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{qemu}' -L /usr/aarch64-linux-gnu '{binary}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        PlatformRuns.Count(PlatformRuns.Arm64);

        // Credentials from variables: sh drops the service connection's variables, whose names hold its GUID's dashes.
        var run = new TaskProcess("PortGetEntity").FromFolder(folder).Variable("PORT_TASK_RUNTIME", "linux-arm64")
            .Variable("PORT_CLIENT_ID", "demo-client-id").SecretVariable("PORT_CLIENT_SECRET", "demo-client-secret")
            .Input("baseUrl", PackagedExtension.Emulator.BaseUrl).Input("blueprint", "microservice").Input("identifier", "checkout").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["property_version"], Is.EqualTo("1.4.0"));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string Unpack(string packed, string binary)
    {
        using (var source = new System.IO.Compression.BrotliStream(File.OpenRead(packed), System.IO.Compression.CompressionMode.Decompress))
        using (var target = File.Create(binary))
        {
            source.CopyTo(target);
        }

        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return binary;
    }
}
