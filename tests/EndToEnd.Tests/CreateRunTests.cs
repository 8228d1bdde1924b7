namespace EndToEnd.Tests;

/// <summary>PortCreateRun@1 through its launcher: the emulator plays each seeded action's script on Port's side.</summary>
public class CreateRunTests : EmulatorTest
{
    private static TaskProcess CreateRun(string action) => new TaskProcess("PortCreateRun").ToEmulator().Input("action", action);

    private static int RunsStarted(string action) => PackagedExtension.Emulator.Journal.ToJson()
        .Count(r => (string?)r!["method"] == "POST" && (string?)r!["path"] == $"/v1/actions/{action}/runs");

    [Test]
    public void Awaited_ToSuccess_FollowsTheRunsLabelsAndLogs()
    {
        var run = CreateRun("deploy_service").Input("entity", "checkout").Input("properties", """{"environment": "staging"}""")
            .Input("waitForCompletion", "true").Input("timeoutMinutes", "1").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["runStatus"], Is.EqualTo("SUCCESS"));
        Assert.That(run.Outputs["statusLabel"], Is.EqualTo("Deployed"));
        Assert.That((string?)PackagedExtension.Emulator.Runs.Get(run.Outputs["runId"])["properties"]!["environment"], Is.EqualTo("staging"));
        Assert.That(run.Lines, Has.Some.EqualTo("Port: Deployment started"));
        Assert.That(run.Lines, Has.Some.EqualTo("Status label: Deployed"));
        Assert.That(RunsStarted("deploy_service"), Is.EqualTo(1));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void Awaited_ToFailure_FailsTheStep()
    {
        var run = CreateRun("scaffold_service").Input("properties", """{"name": "ledger"}""").Input("waitForCompletion", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Errors.Single(), Does.Contain("ended with FAILURE (Repository exists)"));
        Assert.That(run.Lines, Has.Some.EqualTo("Port: Could not push the template: the name is taken"));
        Assert.That(run.Outputs["runStatus"], Is.EqualTo("FAILURE"));
    }

    [Test]
    public void Awaited_PastTheTimeout_FailsNamingTimeoutMinutes()
    {
        var run = CreateRun("rotate_secrets").Input("entity", "checkout").Input("waitForCompletion", "true").Input("timeoutMinutes", "0.05").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Errors.Single(), Does.Contain("did not end within 0.05 minutes (input 'timeoutMinutes'); it is still IN_PROGRESS (Waiting for approval)"));
        Assert.That(run.Outputs["statusLabel"], Is.EqualTo("Waiting for approval"));
    }

    [Test]
    public void NotAwaited_EndsOnceTheRunExists()
    {
        var run = CreateRun("deploy_service").Input("entity", "checkout").Input("properties", """{"environment": "production"}""").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["runStatus"], Is.EqualTo("IN_PROGRESS"));
        Assert.That(run.Outputs["runId"], Does.StartWith("r_"));
        var start = Journaled("/v1/actions/deploy_service/runs", "POST").Single();
        Assert.That(((int)start["status"]!, (string?)start["body"]!["entity"], (string?)start["body"]!["properties"]!["environment"]),
            Is.EqualTo((202, "checkout", "production")), "Port was asked once to start the run, on checkout, with the properties given");
        Assert.That(Journaled($"/v1/actions/runs/{run.Outputs["runId"]}"), Is.Empty, "the step did not follow the run");
        Assert.That((string?)PackagedExtension.Emulator.Runs.Get(run.Outputs["runId"])["properties"]!["environment"], Is.EqualTo("production"));
    }

    [TestCase("nope", "{}", "The input 'action' is 'nope', but Port has no such self-service action")]
    [TestCase("deploy_service", "{}", "The input 'properties' was rejected by Port: The property \"environment\" is required")]
    public void PortsRefusal_NamesTheInput(string action, string properties, string expected)
    {
        var run = CreateRun(action).Input("entity", "checkout").Input("properties", properties).Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Errors.Single(), Does.StartWith(expected));
    }
}
