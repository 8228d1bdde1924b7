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
    public void BinaryWithoutExecutableBit_StillStarts()
    {
        var binary = Path.Combine(PackagedExtension.TaskDirectory("PortGetEntity"), "bin", "linux-x64", "PortGetEntity");
        Assume.That(File.Exists(binary), "linux-x64 agents only");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var run = new TaskProcess("PortGetEntity").Run();

        Assert.That(run.Errors.Single(), Does.Contain("The input 'identifier' is required"), "the launcher set the bit and the task ran");
    }

    [Test]
    public void Sigint_IsForwarded_AndTheTaskReportsCanceled()
    {
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings { LatencyMs = 10_000 });

        var run = new TaskProcess("PortGetEntity").ToEmulator().Input("blueprint", "microservice").Input("identifier", "checkout").Run(process =>
        {
            Thread.Sleep(1500);
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        });

        Assert.That(run.Commands.Last(c => c.Name == "task.complete").Properties["result"], Is.EqualTo("Canceled"), run.ToString());
    }
}
