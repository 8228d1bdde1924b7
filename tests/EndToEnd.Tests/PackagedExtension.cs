using System.IO.Compression;
using Port.Emulator;

namespace EndToEnd.Tests;

/// <summary>
/// Once for the whole run: stages and packages the VSIX with tfx exactly as a release does, unzips it as the agent
/// unzips a task, and starts the Port emulator on a free loopback port.
/// </summary>
[SetUpFixture]
public sealed class PackagedExtension
{
    public static string VsixPath { get; private set; } = "";

    public static string Unpacked { get; private set; } = "";

    public static string PackageLog { get; private set; } = "";

    public static PortEmulator Emulator { get; private set; } = null!;

    public static string TaskDirectory(string task) => Path.Combine(Unpacked, "tasks", task);

    [OneTimeSetUp]
    public async Task PackageAndStart()
    {
        if (!File.Exists(Path.Combine(Repository.Root, "node_modules", ".bin", "tfx")))
        {
            Assert.Fail("tfx-cli is not installed: run `npm ci` in the repository root first.");
        }

        PackageLog = Repository.Run("node", "scripts/stage.js") + Repository.Run("node", "scripts/package.js");
        VsixPath = Directory.GetFiles(Path.Combine(Repository.Root, "out"), "*.vsix").OrderByDescending(File.GetLastWriteTimeUtc).First();
        Unpacked = Directory.CreateTempSubdirectory("port-vsix-").FullName;
        ZipFile.ExtractToDirectory(VsixPath, Unpacked); // as the agent does: no Unix modes survive
        Emulator = await PortEmulator.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        PlatformRuns.Write(Path.Combine(Repository.Root, "out", "platforms.txt"));
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Directory.Exists(Unpacked))
        {
            Directory.Delete(Unpacked, recursive: true);
        }
    }
}
