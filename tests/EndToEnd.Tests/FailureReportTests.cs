using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>PortReportRun after a failed job: the failed steps, read from the (emulated) Azure DevOps timeline, reach the Port run.</summary>
public class FailureReportTests : EmulatorTest
{
    private const string BuildId = "4711";

    [SetUp]
    public void PutTheFailedBuild() => PackagedExtension.Emulator.AzureDevOps.PutBuild(BuildId, JsonNode.Parse("""
        {"records": [
          {"id": "stage", "parentId": null, "type": "Stage", "name": "Build", "state": "inProgress", "order": 1},
          {"id": "job-1", "parentId": "stage", "type": "Job", "name": "Build", "state": "inProgress", "order": 1},
          {"id": "t1", "parentId": "job-1", "type": "Task", "name": "Checkout", "state": "completed", "result": "succeeded", "order": 1},
          {"id": "t2", "parentId": "job-1", "type": "Task", "name": "Run unit tests", "state": "completed", "result": "failed", "order": 2,
           "issues": [{"type": "error", "category": "General", "message": "Bash exited with code '1'."}]},
          {"id": "task-self", "parentId": "job-1", "type": "Task", "name": "Report to Port", "state": "inProgress", "order": 3}
        ]}
        """)!.AsObject());

    private static TaskProcess ReportAfterAFailedJob() => new TaskProcess("PortReportRun").ToEmulator().InAzureDevOpsJob(BuildId)
        .Input("runId", "r_demo_deploy").Variable("Agent.JobStatus", "Failed");

    [Test]
    public void AFailedJob_TellsTheRunWhichStepFailed_WithALinkedSummaryAndLabel()
    {
        var run = ReportAfterAFailedJob().Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        var portRun = PackagedExtension.Emulator.Runs.Get("r_demo_deploy");
        Assert.That((string?)portRun["status"], Is.EqualTo("FAILURE"));
        Assert.That((string?)portRun["statusLabel"], Is.EqualTo("Failed: Run unit tests"));
        Assert.That((string?)portRun["summary"], Does.StartWith("**1 step failed** in shop-ci 20261123.9:\n\n- [Run unit tests](")
            .And.Contain("/_azdo/fabrikam/fabrikam-project/_build/results?buildId=4711&view=logs&j=job-1&t=t2"));
        var logs = PackagedExtension.Emulator.Runs.ListLogs("r_demo_deploy", 50, 0).Select(l => (string?)l["message"]).ToList();
        Assert.That(logs[0], Does.StartWith("Step 'Run unit tests' failed: Bash exited with code '1'. Log: "));
        Assert.That(logs[^1], Is.EqualTo("shop-ci 20261123.9 finished: FAILURE."));
        Assert.That(run.RegisteredSecrets, Does.Contain("job-access-token"), "the job's token is masked");
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void AFailedClassicRelease_TellsTheRunWhichTaskFailed_FromTheReleaseApi()
    {
        PackagedExtension.Emulator.AzureDevOps.PutReleaseEnvironment("118", "276", JsonNode.Parse("""
            {"id": 276, "releaseId": 118, "name": "Dev", "deploySteps": [{"deploymentId": 254, "attempt": 1, "releaseDeployPhases": [
              {"name": "Agent job", "deploymentJobs": [{"job": {"id": 1, "name": "Agent job"}, "tasks": [
                {"id": 3, "name": "Azure App Service deploy", "status": "failed", "issues": [{"issueType": "Error", "message": "Failed to deploy web package to App Service."}]}]}]}]}]}
            """)!.AsObject());

        var run = ReportAfterAFailedJob().Variable("System.HostType", "release").Variable("Release.ReleaseId", "118").Variable("Release.EnvironmentId", "276")
            .Variable("Release.DeploymentID", "254").Variable("Release.ReleaseWebURL", "https://dev.azure.com/fabrikam/Fabrikam/_releaseProgress?releaseId=118").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        var portRun = PackagedExtension.Emulator.Runs.Get("r_demo_deploy");
        Assert.That((string?)portRun["statusLabel"], Is.EqualTo("Failed: Azure App Service deploy"));
        Assert.That(PackagedExtension.Emulator.Runs.ListLogs("r_demo_deploy", 50, 0).Select(l => (string?)l["message"]),
            Has.Some.EqualTo("Step 'Azure App Service deploy' failed: Failed to deploy web package to App Service. Log: https://dev.azure.com/fabrikam/Fabrikam/_releaseProgress?releaseId=118"));
    }

    [TestCase(401)]
    [TestCase(203)]
    public void AzureDevOpsRefusing_IsOneWarning_AndTheReportStillGoesOut(int status)
    {
        PackagedExtension.Emulator.AzureDevOps.ForcedStatus = status;

        var run = ReportAfterAFailedJob().Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        var warnings = run.Commands.Where(c => c.Name == "task.logissue" && c.Properties["type"] == "warning").Select(c => c.Data).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.StartWith("Could not read which steps failed from Azure DevOps"));
        Assert.That((string?)PackagedExtension.Emulator.Runs.Get("r_demo_deploy")["status"], Is.EqualTo("FAILURE"));
    }

    [Test]
    public void FailureDetailsOff_ReadsNothingFromAzureDevOps()
    {
        PackagedExtension.Emulator.AzureDevOps.ForcedStatus = 500; // would warn if it were asked

        var run = ReportAfterAFailedJob().Input("failureDetails", "false").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Commands.Where(c => c.Name == "task.logissue"), Is.Empty);
        Assert.That((string?)PackagedExtension.Emulator.Runs.Get("r_demo_deploy")["statusLabel"], Is.Null);
    }
}
