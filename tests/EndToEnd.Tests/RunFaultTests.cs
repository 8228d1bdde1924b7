using System.Text.Json.Nodes;
using Port.Emulator;

namespace EndToEnd.Tests;

/// <summary>
/// Faults around writes that are not idempotent and around time, through the packaged tasks: each asserts the step's
/// result, its log, and what Port holds (nothing lost, nothing written twice).
/// </summary>
public class RunFaultTests : EmulatorTest
{
    private const string RunId = "r_demo_deploy";

    private static List<JsonObject> LogsSaying(string message) =>
        PackagedExtension.Emulator.Runs.ListLogs(RunId, 50, 0).Where(l => (string?)l["message"] == message).ToList();

    private static TaskProcess Report(string status, string message) => new TaskProcess("PortReportRun").ToEmulator()
        .Input("runId", RunId).Input("status", status).Input("logMessage", message);

    [TestCase(true, 1, TestName = "ALogLineWhoseAnswerWasLost_IsFoundInTheRunsLogs_AndNotSentAgain")]
    [TestCase(false, 2, TestName = "ALogLineLostBeforePortWroteIt_IsSentAgain")]
    public void ADroppedConnection_OnARunLog_LeavesTheLineExactlyOnce(bool afterProcessing, int posts)
    {
        PackagedExtension.Emulator.SetFaults(new FaultSettings { Next = [new() { Status = 0, PathContains = "/logs", AfterProcessing = afterProcessing }] });

        var run = Report("SUCCESS", "Deployed to production").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(LogsSaying("Deployed to production"), Has.Count.EqualTo(1));
        Assert.That((string?)PackagedExtension.Emulator.Runs.Get(RunId)["status"], Is.EqualTo("SUCCESS"));
        Assert.That(Journaled("/logs", "POST"), Has.Count.EqualTo(posts));
        Assert.That(run.Lines, Has.Some.Contains("reading Port back to learn whether it landed"));
        Assert.That(run.Lines, Has.Some.Contains(afterProcessing ? "Port has it, so it landed; it is not sent again." : "so it did not land; sending it again (1 of 5)."));
    }

    [Test]
    public void ALogLineWhoseFateCannotBeRead_FailsTheStep_SayingItMayHaveBeenWritten()
    {
        // The answer to the log is lost, and every read of the logs fails: nothing can tell whether the line is there.
        PackagedExtension.Emulator.SetFaults(new FaultSettings
        {
            Next = [new() { Status = 0, PathContains = "/logs", AfterProcessing = true }, new() { Status = 502, PathContains = "/logs" }, new() { Status = 502, PathContains = "/logs" }],
        });

        var run = Report("IN_PROGRESS", "Smoke tests running").Variable("PORT_MAX_RETRIES", "1").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Errors.Single(), Does.Contain("reading Port back failed too (502").And.Contain("the log line of run 'r_demo_deploy' may exist in Port now. It was not sent again"));
        Assert.That(Journaled("/logs", "POST"), Has.Count.EqualTo(1));
        Assert.That(LogsSaying("Smoke tests running"), Has.Count.EqualTo(1), "the line did land; the step could not know it");
    }

    [Test]
    public void ARunStartWhoseAnswerWasLost_IsNotRepeated_AndTheStepSaysARunMayHaveStarted()
    {
        PackagedExtension.Emulator.SetFaults(new FaultSettings { Next = [new() { Status = 0, PathContains = "/runs", AfterProcessing = true }] });
        var runsBefore = PackagedExtension.Emulator.State.Runs.Count;

        var run = new TaskProcess("PortCreateRun").ToEmulator().Input("action", "deploy_service").Input("entity", "checkout")
            .Input("properties", """{"environment": "staging"}""").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Errors.Single(), Does.Contain("a new run of action 'deploy_service' may exist in Port now").And.Contain("look in Port before running this step again"));
        Assert.That(Journaled("/deploy_service/runs", "POST"), Has.Count.EqualTo(1), "never sent twice");
        Assert.That(PackagedExtension.Emulator.State.Runs.Count, Is.EqualTo(runsBefore + 1), "the run did start");
    }

    [Test]
    public void ARunEndedBySomeoneElse_BetweenTwoReports_FailsTheFinalReport_AndWritesNothing()
    {
        var progress = Report("IN_PROGRESS", "Deploying").Input("statusLabel", "Deploying").Run();
        Assert.That(progress.Result, Is.EqualTo("Succeeded"), progress.ToString());

        PackagedExtension.Emulator.Runs.Patch(RunId, new JsonObject { ["status"] = "FAILURE", ["statusLabel"] = "Cancelled in Port" }, "someone-else");
        PackagedExtension.Emulator.Journal.Clear();
        var final = Report("SUCCESS", "Deployed").Input("summary", "All good").Run();

        Assert.That(final.Result, Is.EqualTo("Failed"), final.ToString());
        Assert.That(final.Errors.Single(), Does.Contain("The Port action run 'r_demo_deploy' has already ended").And.Contain("failIfRunEnded"));
        var run = PackagedExtension.Emulator.Runs.Get(RunId);
        Assert.That(((string?)run["status"], (string?)run["statusLabel"], (string?)run["summary"]), Is.EqualTo(("FAILURE", "Cancelled in Port", (string?)null)));
        Assert.That(LogsSaying("Deployed"), Is.Empty);
        var writes = PackagedExtension.Emulator.Journal.ToJson().Where(r => (string?)r!["method"] is "PATCH" or "POST" && !((string?)r["path"])!.EndsWith("/access_token", StringComparison.Ordinal));
        Assert.That(writes.Select(r => (int)r!["status"]!), Has.None.InRange(200, 299), "Port accepted no write");
    }

    [Test]
    public void ASlowAnswer_PastTheAttemptTimeout_IsAbandonedAndTriedAgain()
    {
        PackagedExtension.Emulator.SetFaults(new FaultSettings { Next = [new() { Status = 200, DelayMs = 10_000, PathContains = "/entities" }] });
        var run = new TaskProcess("PortUpsertEntity").ToEmulator().Variable("PORT_ATTEMPT_TIMEOUT", "1")
            .Input("blueprint", "microservice").Input("identifier", "checkout").Input("properties", """{"version": "2.0.0"}""").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Lines, Has.Some.Contains("/entities: the attempt failed (PortTimeoutException").And.Contains("retry 1 of 5"));
        Assert.That(() => Journaled("/entities", "POST").Select(r => (int)r["status"]! / 100), Is.EquivalentTo(new[] { 4, 2 }).After(2000, 50), "499 for the abandoned attempt, which Port never acted on");
        var abandoned = Journaled("/entities", "POST").Single(r => (int)r["status"]! == 499);
        Assert.That((double)abandoned["answeredMs"]! - (double)abandoned["receivedMs"]!, Is.LessThan(10_000), "the task gave the attempt up before Port's answer, 10 s late, came");
        Assert.That((string?)PackagedExtension.Emulator.State.EntitiesOf("microservice")["checkout"]["properties"]!["version"], Is.EqualTo("2.0.0"));
    }
}
