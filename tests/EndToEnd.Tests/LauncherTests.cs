using System.Diagnostics;

namespace EndToEnd.Tests;

public class LauncherTests : EmulatorTest
{
    [Test]
    public void UnsupportedPlatform_FailsWithAClearMessage()
    {
        var run = new TaskProcess("PortGetEntity").Variable("PORT_TASK_RUNTIME", "plan9-mips").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"));
        Assert.That(run.Errors.Single(), Does.Contain("does not support this agent's platform (plan9-mips)").And.Contain("linux-x64"));
    }

    [Test]
    public void SupportedPlatformWithoutABuild_SaysWhatThePackageHolds()
    {
        var run = new TaskProcess("PortGetEntity").Variable("PORT_TASK_RUNTIME", "win-arm64").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"));
        Assert.That(run.Errors.Single(), Does.Contain("has no build for this agent (win-arm64)").And.Contain("linux-x64"));
    }

    [Test]
    public void PackedBinary_IsUnpackedOncePerJob_IntoAgentTempDirectory()
    {
        var job = Directory.CreateTempSubdirectory("port-job-").FullName;
        try
        {
            var first = new TaskProcess("PortGetEntity").Variable("Agent.TempDirectory", job).Run();
            var unpacked = Directory.GetFiles(Path.Combine(job, "port-tasks"), "PortGetEntity", SearchOption.AllDirectories).Single();
            var written = File.GetLastWriteTimeUtc(unpacked);
            var second = new TaskProcess("PortGetEntity").Variable("Agent.TempDirectory", job).Run();

            Assert.That(new[] { first, second }.Select(r => r.Errors.Single()), Has.All.Contains("The input 'identifier' is required"), "both runs reached the task");
            Assert.That(File.GetLastWriteTimeUtc(unpacked), Is.EqualTo(written), "the second step of the job reused the unpacked binary");
            Assert.That(Directory.GetFiles(job, "*.partial", SearchOption.AllDirectories), Is.Empty);
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(unpacked).HasFlag(UnixFileMode.UserExecute), Is.True);
            }
        }
        finally
        {
            Directory.Delete(job, recursive: true);
        }
    }

    [Test]
    public void TheBinaryStartedWithoutItsLauncher_SaysHowToRunIt()
    {
        var job = Directory.CreateTempSubdirectory("port-job-").FullName;
        try
        {
            new TaskProcess("PortGetEntity").Variable("Agent.TempDirectory", job).Run();
            var unpacked = Directory.GetFiles(Path.Combine(job, "port-tasks"), OperatingSystem.IsWindows() ? "PortGetEntity.exe" : "PortGetEntity", SearchOption.AllDirectories).Single();
            var start = new ProcessStartInfo(unpacked) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment.Remove("PORT_TASK_TRANSPORT");
            start.Environment["INPUT_BASEURL"] = PackagedExtension.Emulator.BaseUrl;
            start.Environment["INPUT_BLUEPRINT"] = "microservice";
            start.Environment["INPUT_IDENTIFIER"] = "checkout";
            start.Environment["PORT_CLIENT_ID"] = "demo-client-id";
            start.Environment["SECRET_PORT_CLIENT_SECRET"] = "demo-client-secret";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True);

            Assert.That(process.ExitCode, Is.EqualTo(1));
            Assert.That(output.Result, Does.Contain("result=Failed;]").And.Contain("sends its requests through its launcher, and PORT_TASK_TRANSPORT is not set"));
        }
        finally
        {
            Directory.Delete(job, recursive: true);
        }
    }

    [Test]
    public void OutsideAJob_TheBinaryIsUnpackedIntoAPrivateFolder_AndRemovedAfterwards()
    {
        Assume.That(!OperatingSystem.IsWindows(), "sets TMPDIR, which Node reads on Unix");
        var temp = Directory.CreateTempSubdirectory("port-tmp-").FullName;
        try
        {
            var run = new TaskProcess("PortGetEntity").Variable("Agent.TempDirectory", "").Variable("TMPDIR", temp).Run();

            Assert.That(run.Errors.Single(), Does.Contain("The input 'identifier' is required"), "the task ran");
            Assert.That(Directory.GetFileSystemEntries(temp), Is.Empty, "nothing left in the shared temp folder");
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Test]
    public void DamagedPack_FailsSayingItCouldNotBeUnpacked()
    {
        var bin = Path.Combine(PackagedExtension.TaskDirectory("PortGetEntity"), "bin", "linux-damaged");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "PortGetEntity.br"), "not brotli at all");
        try
        {
            var run = new TaskProcess("PortGetEntity").Variable("PORT_TASK_RUNTIME", "linux-damaged").Run();

            Assert.That(run.Result, Is.EqualTo("Failed"));
            Assert.That(run.Errors.Single(), Does.Contain("Could not unpack").And.Contain("PortGetEntity.br into the agent's temp folder"));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Test]
    public void Sigint_DuringABulkImport_SaysExactlyWhatWasWritten_AndUpToHowManyMore_AndSetsTheOutputsForThatPart()
    {
        Assume.That(!OperatingSystem.IsWindows(), "sends SIGINT with kill");
        var file = Path.Combine(Path.GetTempPath(), $"entities-{Guid.NewGuid():N}.ndjson");
        var prefix = $"sigint-{Guid.NewGuid():N}"[..15] + "-";
        File.WriteAllLines(file, Enumerable.Range(1, 2000).Select(i => $$$"""{"identifier": "{{{prefix}}}{{{i}}}"}""")); // 100 requests, 8 at a time: about 5 s
        // One request Port holds for a minute: still unanswered at the signal and after the grace.
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings { LatencyMs = 400, Next = [new() { Status = 200, DelayMs = 60_000, PathContains = "/entities/bulk" }] });
        try
        {
            var run = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", file).Run(process =>
            {
                WaitForAnswers("/entities/bulk", 16); // mid-import, whatever this machine's speed: 83 requests to go
                Interrupt(process);
            });

            Assert.That(run.Result, Is.EqualTo("Failed"), "a canceled step does not succeed");
            Assert.That(run.Commands.Last(c => c.Name == "task.complete").Properties["result"], Is.EqualTo("Canceled"), run.ToString());
            var written = int.Parse(run.Outputs["upsertedCount"], System.Globalization.CultureInfo.InvariantCulture);
            var upTo = int.Parse(run.Outputs["unconfirmedCount"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(written, Is.InRange(1, 1979), run.ToString());
            Assert.That(upTo, Is.GreaterThanOrEqualTo(20), "the held request was never answered");
            Assert.That(run.CompleteMessage, Does.StartWith($"The task was canceled: {written:N0} of 2,000 entities were written into 'microservice' before it stopped (0 rejected), and up to {upTo:N0} more may have been written"), run.ToString());
            Assert.That(System.Text.Json.Nodes.JsonNode.Parse(run.Outputs["identifiers"])!.AsArray(), Has.Count.EqualTo(written));
            var held = PackagedExtension.Emulator.State.EntitiesOf("microservice").Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));
            Assert.That(held, Is.InRange(written, written + upTo), "Port holds what the task said it wrote, and at most as many more as it said it may have written");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Sigint_AsTheLauncherStarts_IsForwarded_AndTheTaskReportsCanceled()
    {
        Assume.That(!OperatingSystem.IsWindows(), "sends SIGINT with kill");

        // The agent may cancel at any moment: here as the launcher unpacks (each run is a new job), before the task's own
        // handler exists. Port answers late, so the signal cannot come after the task is done.
        PackagedExtension.Emulator.SetFaults(SlowEntity);
        var run = new TaskProcess("PortGetEntity").ToEmulator().Variable("System.Debug", "true")
            .Input("blueprint", "microservice").Input("identifier", "checkout").OnLine("##vso[task.debug]Unpacking ", Interrupt).Run();

        Assert.That(run.Commands.Last(c => c.Name == "task.complete").Properties["result"], Is.EqualTo("Canceled"), run.ToString());
        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Lines, Has.None.StartsWith("##vso[task.complete result=Succeeded"));
    }

    [Test]
    public void Sigint_IsForwarded_AndTheTaskReportsCanceled()
    {
        Assume.That(!OperatingSystem.IsWindows(), "sends SIGINT with kill");
        PackagedExtension.Emulator.SetFaults(SlowEntity); // the signal lands while the task waits for Port

        var run = new TaskProcess("PortGetEntity").ToEmulator().Input("blueprint", "microservice").Input("identifier", "checkout").Run(process =>
        {
            WaitForAnswers("/auth/access_token", 1);
            Interrupt(process);
        });

        Assert.That(run.Commands.Last(c => c.Name == "task.complete").Properties["result"], Is.EqualTo("Canceled"), run.ToString());
    }

    /// <summary>The token comes at once, the entity checkout only after 10 s.</summary>
    private static Port.Emulator.FaultSettings SlowEntity => new() { Next = [new() { Status = 200, DelayMs = 10_000, PathContains = "/entities/checkout" }] };

    private static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
