namespace EndToEnd.Tests;

public class PackageTests
{
    [Test]
    public void Vsix_HoldsEveryTaskWithLauncherIconAndBinary()
    {
        foreach (var task in new[] { "PortUpsertEntity", "PortGetEntity", "PortReportRun" })
        {
            var directory = PackagedExtension.TaskDirectory(task);
            Assert.That(File.Exists(Path.Combine(directory, "task.json")), Is.True, task);
            Assert.That(File.Exists(Path.Combine(directory, "icon.png")), Is.True, task);
            Assert.That(File.Exists(Path.Combine(directory, "launcher.js")), Is.True, task);
            Assert.That(Directory.GetFiles(Path.Combine(directory, "bin"), task + "*", SearchOption.AllDirectories), Is.Not.Empty, task);
        }

        Assert.That(File.Exists(Path.Combine(PackagedExtension.Unpacked, "overview.md")), Is.True);
        Assert.That(File.Exists(Path.Combine(PackagedExtension.Unpacked, "extension.vsixmanifest")), Is.True);
    }

    [Test]
    public void PackagedTaskJson_MatchesTheSchema()
    {
        var output = Repository.Run("node", "scripts/validate-tasks.js", PackagedExtension.Unpacked);

        Assert.That(output.Split('\n').Count(l => l.StartsWith("valid: ", StringComparison.Ordinal)), Is.EqualTo(3), output);
    }

    [Test]
    public void Vsix_StaysWellUnderTheMarketplaceLimits()
    {
        var size = new FileInfo(PackagedExtension.VsixPath).Length;

        Assert.That(size, Is.LessThan(50L * 1024 * 1024), "Microsoft asks to optimise a VSIX over 50 MB");
        TestContext.Out.WriteLine(PackagedExtension.PackageLog);
    }
}
