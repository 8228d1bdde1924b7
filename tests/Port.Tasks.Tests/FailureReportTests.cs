using System.Net;
using System.Text.Json.Nodes;
using Moq;
using Port.AzureDevOps;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.ReportRun;

namespace Port.Tasks.Tests;

/// <summary>A failed job reported to its Port run with the steps that failed, read from the build timeline.</summary>
public class FailureReportTests
{
    private static readonly PortConnection Connection = new("https://api.getport.io", "cid", new Secret("csecret"), "test", "test");
    private static readonly AzureDevOpsJob Job = new(new Uri("https://dev.azure.com/fabrikam/"), "Fabrikam", "1234", "job", "me", new Secret("job-token"));

    private static TimelineRecord Record(string id, string? parent, string type, string name, string? result, int order = 1, params string[] errors) =>
        new(id, parent, type, name, result is null ? "inProgress" : "completed", result, order, null, errors);

    /// <summary>The reference's fixture: a stage, a job, a failed step, our own step still running, and a step of another job.</summary>
    private static readonly TimelineRecord[] Timeline =
    [
        Record("stage", null, "Stage", "Build", null),
        Record("phase", "stage", "Phase", "Build", null),
        Record("job", "phase", "Job", "Build", null),
        Record("t0", "job", "Task", "Checkout", "succeeded", 1),
        Record("t2", "job", "Task", "Publish", "failed", 5, "Upload failed"),
        Record("t1", "job", "Task", "Run unit tests", "failed", 3, "Bash exited with code '1'.", "3 tests failed"),
        Record("me", "job", "Task", "Report run to Port", null, 6),
        Record("other", "job2", "Task", "Other job's step", "failed", 1, "not ours"),
    ];

    [Test]
    public void Find_ThisJobsFailedSteps_InOrder_WithLinksToTheirLogs()
    {
        var steps = FailedSteps.Find(Timeline, Job);

        Assert.That(steps.Select(s => s.Name), Is.EqualTo(new[] { "Run unit tests", "Publish" }));
        Assert.That(steps[0].Errors, Is.EqualTo(new[] { "Bash exited with code '1'.", "3 tests failed" }));
        Assert.That(steps[0].LogUrl, Is.EqualTo("https://dev.azure.com/fabrikam/Fabrikam/_build/results?buildId=1234&view=logs&j=job&t=t1"));
    }

    [Test]
    public void Find_AJobThatFailedWithoutAFailedStep_IsItselfTheFailure()
    {
        var steps = FailedSteps.Find([Record("job", null, "Job", "Deploy", "failed", 1, "The job running on agent X ran longer than the maximum time of 60 minutes.")], Job);

        Assert.That(steps.Single().Name, Is.EqualTo("Deploy"));
        Assert.That(steps.Single().Errors.Single(), Does.Contain("maximum time of 60 minutes"));
    }

    /// <summary>The reference's release fixture: two attempts; the second (this deployment) has a failed task.</summary>
    private static readonly JsonObject ReleaseEnvironment = JsonNode.Parse("""
        {"id":276,"releaseId":118,"name":"Dev","status":"inProgress","deploySteps":[
          {"deploymentId":250,"attempt":1,"status":"failed","releaseDeployPhases":[{"name":"Agent job","deploymentJobs":[{"job":{"id":1,"name":"Agent job"},
            "tasks":[{"id":2,"name":"Old attempt's step","status":"failed","issues":[{"issueType":"Error","message":"old"}]}]}]}]},
          {"deploymentId":254,"attempt":2,"status":"inProgress","operationStatus":"phaseInProgress","issues":[],"releaseDeployPhases":[{"name":"Agent job","phaseType":"agentBasedDeployment","status":"inProgress",
            "deploymentJobs":[{"job":{"id":1,"name":"Agent job","status":"inProgress"},"tasks":[
              {"id":2,"name":"Download artifacts","status":"succeeded","issues":[]},
              {"id":3,"name":"Azure App Service deploy","status":"failed","issues":[{"issueType":"Warning","message":"slow"},{"issueType":"Error","message":"Failed to deploy web package to App Service.","data":{}}]}]}]}]}]}
        """)!.AsObject();

    [Test]
    public void FindInRelease_ThisAttemptsFailedTasks_WithTheirErrors()
    {
        var release = new ReleaseJob(new Uri("https://vsrm.dev.azure.com/fabrikam/"), "118", "276", "254", "2", "https://dev.azure.com/fabrikam/p/_release?releaseId=118");

        var steps = FailedSteps.FindInRelease(ReleaseEnvironment, release);

        Assert.That(steps.Single().Name, Is.EqualTo("Azure App Service deploy"));
        Assert.That(steps.Single().Errors, Is.EqualTo(new[] { "Failed to deploy web package to App Service." }));
        Assert.That(steps.Single().LogUrl, Is.EqualTo("https://dev.azure.com/fabrikam/p/_release?releaseId=118"));
    }

    [Test]
    public void AReleaseJob_IsReadFromTheReleaseHost()
    {
        var environment = TestEnvironment.WithCredentials().Variable("System.HostType", "release")
            .Variable("System.CollectionUri", "https://dev.azure.com/fabrikam/").Variable("System.TeamProjectId", "p1").Variable("Build.BuildId", "7")
            .Variable("Release.ReleaseId", "118").Variable("Release.EnvironmentId", "276").Variable("Release.DeploymentID", "254");
        environment.Values["ENDPOINT_URL_SYSTEMVSSCONNECTION"] = "https://vsrm.dev.azure.com/fabrikam/";
        environment.Values["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = "job-token";

        var (job, missing) = AzureDevOpsJob.Read(environment.Reader());

        Assert.That(missing, Is.Null);
        Assert.That((job!.Release!.ServerUri.AbsoluteUri, job.Release.ReleaseId, job.Release.EnvironmentId, job.Release.DeploymentId),
            Is.EqualTo(("https://vsrm.dev.azure.com/fabrikam/", "118", "276", "254")));
    }

    [Test]
    public async Task ReadAsync_ATimelineThatLagsBehind_IsReadOnceMore()
    {
        var devOps = new Mock<AzureDevOpsClient>();
        devOps.SetupSequence(c => c.GetTimelineAsync("Fabrikam", "1234", It.IsAny<CancellationToken>()))
            .ReturnsAsync([Record("job", null, "Job", "Build", null), Record("t1", "job", "Task", "Tests", null, 1)])
            .ReturnsAsync([Record("job", null, "Job", "Build", null), Record("t1", "job", "Task", "Tests", "failed", 1, "boom")]);

        var steps = await FailedSteps.ReadAsync(devOps.Object, Job, TimeSpan.FromMilliseconds(1), CancellationToken.None);

        Assert.That(steps.Single().Name, Is.EqualTo("Tests"));
        devOps.Verify(c => c.GetTimelineAsync("Fabrikam", "1234", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public void Report_LogsEachStep_ALinkedSummary_AndALabel_WithLongMessagesCut()
    {
        var report = new FailureReport([new FailedStep("Run unit tests", [new string('x', 900)], "https://l/1"), new FailedStep("Publish", [], "https://l/2")]);

        var lines = report.LogLines().ToList();

        Assert.That(report.StatusLabel, Is.EqualTo("Failed: Run unit tests"));
        Assert.That(report.Summary("CI 42"), Is.EqualTo($"**2 steps failed** in CI 42:\n\n- [Run unit tests](https://l/1): {new string('x', 199)}…\n- [Publish](https://l/2)"));
        Assert.That(lines[0], Does.StartWith("Step 'Run unit tests' failed: xxx").And.EndWith("… Log: https://l/1"));
        Assert.That(lines[0], Has.Length.LessThan(FailureReport.MaxMessageLength + 80));
        Assert.That(lines[1], Is.EqualTo("Step 'Publish' failed. Log: https://l/2"));
    }

    [Test]
    public void Report_SendsAtMostTenStepLines()
    {
        var report = new FailureReport(Enumerable.Range(1, 14).Select(i => new FailedStep($"s{i}", ["e"], "u")).ToList());

        Assert.That(report.LogLines().Count(), Is.EqualTo(FailureReport.MaxSteps));
    }

    [Test]
    public async Task ReportRun_AfterAFailedJob_TellsPortWhichStepsFailed_KeepingTheAuthorsLabel()
    {
        using var recorder = new RecordingAgent();
        var port = new Mock<PortClient>(MockBehavior.Strict);
        var devOps = new Mock<AzureDevOpsClient>();
        devOps.Setup(c => c.GetTimelineAsync("Fabrikam", "1234", It.IsAny<CancellationToken>())).ReturnsAsync(Timeline);
        var logged = new List<RunLogEntry>();
        RunUpdate? patched = null;
        port.Setup(c => c.UpdateRunAsync("r_1", It.IsAny<RunUpdate>(), It.IsAny<CancellationToken>()))
            .Callback((string _, RunUpdate u, CancellationToken _) => patched = u).ReturnsAsync(ActionRun.FromJson(new JsonObject { ["id"] = "r_1", ["status"] = "IN_PROGRESS" }));
        port.Setup(c => c.AddRunLogAsync("r_1", It.IsAny<RunLogEntry>(), It.IsAny<CancellationToken>()))
            .Callback((string _, RunLogEntry e, CancellationToken _) => logged.Add(e)).ReturnsAsync(new JsonObject());
        var inputs = new ReportRunInputs(Connection, "r_1", "FAILURE", "Rollback needed", null, ["https://x.example"], null, null, "CI 42") { ReportFailedSteps = true, Job = Job };

        var outcome = await new ReportRunCommand(inputs, port.Object, recorder.Agent, _ => devOps.Object, TimeSpan.Zero).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(patched!.Summary, Does.StartWith("**2 steps failed** in CI 42:"));
        Assert.That(logged.Select(l => l.Message), Is.EqualTo(new[]
        {
            "Step 'Run unit tests' failed: Bash exited with code '1'. | 3 tests failed Log: https://dev.azure.com/fabrikam/Fabrikam/_build/results?buildId=1234&view=logs&j=job&t=t1",
            "Step 'Publish' failed: Upload failed Log: https://dev.azure.com/fabrikam/Fabrikam/_build/results?buildId=1234&view=logs&j=job&t=t2",
            "CI 42 finished: FAILURE.",
        }));
        Assert.That((logged[^1].TerminationStatus, logged[^1].StatusLabel), Is.EqualTo(("FAILURE", "Rollback needed")), "the author's label wins");
    }

    [TestCase(HttpStatusCode.Unauthorized, "'View builds'")]
    [TestCase(HttpStatusCode.InternalServerError, "500")]
    public async Task ReportRun_WhenAzureDevOpsRefuses_WarnsOnce_AndStillEndsTheRun(HttpStatusCode status, string warningPart)
    {
        using var recorder = new RecordingAgent();
        var port = new Mock<PortClient>(MockBehavior.Strict);
        var devOps = new Mock<AzureDevOpsClient>();
        devOps.Setup(c => c.GetTimelineAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AzureDevOpsException(status, $"Azure DevOps answered {(int)status}."));
        port.Setup(c => c.AddRunLogAsync("r_1", It.Is<RunLogEntry>(e => e.TerminationStatus == "FAILURE" && e.StatusLabel == null), It.IsAny<CancellationToken>())).ReturnsAsync(new JsonObject());
        var inputs = new ReportRunInputs(Connection, "r_1", "FAILURE", null, null, [], null, null, null) { ReportFailedSteps = true, Job = Job };

        var outcome = await new ReportRunCommand(inputs, port.Object, recorder.Agent, _ => devOps.Object, TimeSpan.Zero).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(recorder.Lines.Count(l => l.StartsWith("##vso[task.logissue type=warning]", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(recorder.Lines, Has.Some.Contains("Could not read which steps failed from Azure DevOps").And.Contain(warningPart));
        port.VerifyAll();
    }

    [Test]
    public void Inputs_ReadTheJobOnlyForAnAutoFailure_AndSayWhatIsMissing()
    {
        var failed = TestEnvironment.WithCredentials().Input("runId", "r_1").Variable("Agent.JobStatus", "Failed")
            .Variable("System.CollectionUri", "https://dev.azure.com/fabrikam/").Variable("System.TeamProjectId", "p1").Variable("Build.BuildId", "7");
        var succeeded = TestEnvironment.WithCredentials().Input("runId", "r_1").Variable("Agent.JobStatus", "Succeeded");

        var withoutToken = ReportRunInputs.Parse(failed.Reader());
        failed.Values["ENDPOINT_URL_SYSTEMVSSCONNECTION"] = "https://dev.azure.com/fabrikam/";
        failed.Values["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = "job-token";
        var withToken = ReportRunInputs.Parse(failed.Reader());
        var off = ReportRunInputs.Parse(failed.Input("failureDetails", "false").Reader());

        Assert.That((withoutToken.ReportFailedSteps, withoutToken.Job, withoutToken.JobMissing), Is.EqualTo((true, (AzureDevOpsJob?)null, "the job's access token (SYSTEMVSSCONNECTION)")));
        Assert.That(withToken.Job!.BuildId, Is.EqualTo("7"));
        Assert.That(failed.AgentOutput.ToString(), Does.Contain("##vso[task.setsecret]job-token"), "the job token is masked as it is read");
        Assert.That(off.ReportFailedSteps, Is.False);
        Assert.That(ReportRunInputs.Parse(succeeded.Reader()).ReportFailedSteps, Is.False);
    }
}
