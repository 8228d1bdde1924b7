using System.Globalization;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>PortReportDeployment@1 through its launcher: a DORA deployment with its lead time from this run's changes.</summary>
public class ReportDeploymentTests : EmulatorTest
{
    [Test]
    public void ADeployment_IsRecordedWithItsLeadTimeComputedFromTheRunsChanges()
    {
        var before = DateTimeOffset.UtcNow;
        string Ago(double hours) => before.AddHours(-hours).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var committed = DateTimeOffset.Parse(Ago(5), CultureInfo.InvariantCulture); // the oldest commit, to the second
        PackagedExtension.Emulator.AzureDevOps.PutBuild("5150", new JsonObject
        {
            ["changes"] = new JsonArray(
                new JsonObject { ["id"] = "b13b8f7261ec6a4ebfa4d98aa63bf164f4be64c5", ["message"] = "Fix", ["timestamp"] = Ago(1) },
                new JsonObject { ["id"] = "9b03b366e298b9c554ee3cbcca1b5293bd6ce68f", ["message"] = "Add retry", ["timestamp"] = Ago(5) }),
        });

        var run = new TaskProcess("PortReportDeployment").ToEmulator().InAzureDevOpsJob("5150")
            .Variable("Environment.Name", "production").Variable("Agent.JobStatus", "Succeeded")
            .Input("relations", """{"group": "all_teams", "service": "checkout"}""").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["identifier"], Is.EqualTo("shop-ci-5150-production"));
        var deployment = PackagedExtension.Emulator.Entities.Get("dora_deployment", "shop-ci-5150-production");
        var properties = deployment["properties"]!;
        var after = DateTimeOffset.UtcNow;
        // The hours from the oldest commit to when the task ran, to two decimals: within these bounds however slow the run.
        Assert.That((double?)properties["lead_time_hours"], Is.InRange(Math.Floor((before - committed).TotalHours * 100) / 100, Math.Ceiling((after - committed).TotalHours * 100) / 100));
        Assert.That((string?)properties["status"], Is.EqualTo("success"));
        Assert.That((string?)properties["environment"], Is.EqualTo("production"));
        Assert.That((string?)deployment["relations"]!["service"], Is.EqualTo("checkout"));
        Assert.That(run.Outputs["leadTimeHours"], Is.EqualTo(((double?)properties["lead_time_hours"])!.Value.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void AFailedJob_IsAFailedDeployment_AndAReRunUpdatesTheSameEntity()
    {
        TaskProcess Report(string jobStatus) => new TaskProcess("PortReportDeployment").ToEmulator().InAzureDevOpsJob("5151")
            .Variable("Environment.Name", "staging").Variable("Agent.JobStatus", jobStatus).Variable("System.JobAttempt", jobStatus == "Failed" ? "1" : "2");

        var first = Report("Failed").Run();
        var second = Report("Succeeded").Run();

        Assert.That((first.Outputs["status"], second.Outputs["status"]), Is.EqualTo(("failure", "success")));
        Assert.That(first.Lines, Has.Some.Contains("The lead time is left out"), "the stand-in has no build 5151: a warning, not a guess");
        Assert.That(first.Outputs["identifier"], Is.EqualTo(second.Outputs["identifier"]));
        Assert.That((string?)PackagedExtension.Emulator.Entities.Get("dora_deployment", second.Outputs["identifier"])["properties"]!["status"], Is.EqualTo("success"));
    }
}
