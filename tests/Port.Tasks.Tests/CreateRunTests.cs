using System.Text.Json.Nodes;
using Moq;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.CreateRun;

namespace Port.Tasks.Tests;

/// <summary>PortCreateRun@1: its inputs, and the command over a mocked client that plays Port's side of a run.</summary>
public class CreateRunTests() : CommandFixture("PortCreateRun")
{
    private static CreateRunInputs Inputs(bool wait = true, double timeoutMinutes = 1, bool failIfRunFails = true) =>
        new(Connection, "deploy_service", "checkout", new JsonObject { ["environment"] = "staging" }, wait, TimeSpan.FromMinutes(timeoutMinutes), failIfRunFails);

    private CreateRunCommand Command(CreateRunInputs inputs) => new(inputs, ClientMock.Object, Recorder.Agent, TimeSpan.FromMilliseconds(1));

    private static ActionRun Run(string status, string? label = null) =>
        ActionRun.FromJson(new JsonObject { ["id"] = "r_1", ["status"] = status, ["statusLabel"] = label });

    /// <summary>Port's side: the run is created IN_PROGRESS, then each read returns the next state; logs grow with it.</summary>
    private void Plays(params (string Status, string? Label, string[] Logs)[] states)
    {
        ClientMock.Setup(c => c.CreateRunAsync("deploy_service", It.IsAny<JsonObject>(), "checkout", It.IsAny<CancellationToken>())).ReturnsAsync(Run("IN_PROGRESS"));
        var got = 0;
        ClientMock.Setup(c => c.GetRunAsync("r_1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Run(states[Math.Min(got, states.Length - 1)].Status, states[Math.Min(got++, states.Length - 1)].Label));

        var read = 0;
        ClientMock.Setup(c => c.ListRunLogsAsync("r_1", 50, It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, int _, int offset, CancellationToken _) =>
                states[Math.Min(read++, states.Length - 1)].Logs.Skip(offset).Select(m => new JsonObject { ["message"] = m }).ToList());
    }

    [Test]
    public async Task NoWait_StartsTheRun_AndSetsItsId()
    {
        ClientMock.Setup(c => c.CreateRunAsync("deploy_service", It.Is<JsonObject>(p => (string?)p["environment"] == "staging"), "checkout", It.IsAny<CancellationToken>())).ReturnsAsync(Run("IN_PROGRESS"));

        var outcome = await Command(Inputs(wait: false)).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(TaskOutcome.Succeeded("Started the Port action run 'r_1' of 'deploy_service'; it is IN_PROGRESS in Port.")));
        Assert.That((Output("runId"), Output("runStatus")), Is.EqualTo(("r_1", "IN_PROGRESS")));
    }

    [Test]
    public async Task Wait_FollowsLabelsAndNewLogLines_ToSuccess()
    {
        Plays(("IN_PROGRESS", "Deploying", ["Deployment started"]), ("IN_PROGRESS", "Deploying", ["Deployment started"]), ("SUCCESS", "Deployed", ["Deployment started", "Deployed"]));

        var outcome = await Command(Inputs()).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(outcome.Message, Is.EqualTo("The Port action run 'r_1' of 'deploy_service' ended with SUCCESS (Deployed)."));
        Assert.That(Lines.Where(l => !l.StartsWith("##", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "Port started the run r_1 of the action 'deploy_service' on entity 'checkout'; it is IN_PROGRESS.",
            "Port: Deployment started",
            "Status label: Deploying",
            "Port: Deployed",
            "Status label: Deployed",
        }), "each log line and label change once, in order");
        Assert.That((Output("runStatus"), Output("statusLabel")), Is.EqualTo(("SUCCESS", "Deployed")));
    }

    [Test]
    public async Task Wait_ARunThatFails_FailsTheStep_UnlessToldNotTo()
    {
        Plays(("FAILURE", "Repository exists", ["name taken"]));
        var failed = await Command(Inputs()).ExecuteAsync(CancellationToken.None);

        Plays(("FAILURE", "Repository exists", ["name taken"]));
        var tolerated = await Command(Inputs(failIfRunFails: false)).ExecuteAsync(CancellationToken.None);

        Assert.That(failed.Result, Is.EqualTo(TaskResult.Failed));
        Assert.That(failed.Message, Does.Contain("ended with FAILURE (Repository exists)").And.Contain("'failIfRunFails'"));
        Assert.That(tolerated.Result, Is.EqualTo(TaskResult.SucceededWithIssues));
        Assert.That(Lines, Has.Some.StartsWith("##vso[task.logissue type=warning]The Port action run 'r_1' of 'deploy_service' ended with FAILURE"));
    }

    [Test]
    public async Task Wait_PastTheTimeout_FailsNamingTimeoutMinutes_WithTheLastStatus()
    {
        Plays(("WAITING_FOR_APPROVAL", "Waiting for approval", []));

        var outcome = await Command(Inputs(timeoutMinutes: 0.002)).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Failed));
        Assert.That(outcome.Message, Is.EqualTo("The Port action run 'r_1' of 'deploy_service' did not end within 0 minutes (input 'timeoutMinutes'); it is still WAITING_FOR_APPROVAL (Waiting for approval) in Port, where it goes on."));
        Assert.That(Output("runStatus"), Is.EqualTo("WAITING_FOR_APPROVAL"));
    }

    [Test]
    public async Task Canceled_WhileWaiting_SaysTheRunGoesOnInPort()
    {
        using var cancellation = new CancellationTokenSource();
        ClientMock.Setup(c => c.CreateRunAsync("deploy_service", It.IsAny<JsonObject>(), "checkout", It.IsAny<CancellationToken>())).ReturnsAsync(Run("IN_PROGRESS"));
        // The step is canceled while the command reads the run, which Port still has IN_PROGRESS.
        ClientMock.Setup(c => c.GetRunAsync("r_1", It.IsAny<CancellationToken>())).Returns((string _, CancellationToken token) =>
        {
            cancellation.Cancel();
            return Task.FromCanceled<ActionRun>(token);
        });
        var command = Command(Inputs());

        await Assert.CatchAsync<OperationCanceledException>(() => command.ExecuteAsync(cancellation.Token));

        Assert.That(command.Progress, Is.EqualTo("the Port action run 'r_1' was started and is IN_PROGRESS in Port; canceling this step does not stop it there"));
        Assert.That(Output("runId"), Is.EqualTo("r_1"));
    }

    [Test]
    public async Task Canceled_BeforePortAnsweredTheStart_SaysItMayOrMayNotHaveReachedPort()
    {
        using var cancellation = new CancellationTokenSource();
        ClientMock.Setup(c => c.CreateRunAsync("deploy_service", It.IsAny<JsonObject>(), "checkout", It.IsAny<CancellationToken>())).Returns((string _, JsonObject _, string? _, CancellationToken token) =>
        {
            cancellation.Cancel();
            return Task.FromCanceled<ActionRun>(token);
        });
        var command = Command(Inputs());

        await Assert.CatchAsync<OperationCanceledException>(() => command.ExecuteAsync(cancellation.Token));

        Assert.That(command.Progress, Is.EqualTo("the request to start the action 'deploy_service' may or may not have reached Port"));
        Assert.That(Lines, Has.None.Contains("task.setvariable"), "no run id to give");
    }

    [TestCase("action", "", "action", "is required")]
    [TestCase("action", "deploy service", "action", "not a Port action identifier")]
    [TestCase("entity", "has space", "entity", "not a valid Port identifier")]
    [TestCase("properties", "[1]", "properties", "must be a JSON object")]
    [TestCase("timeoutMinutes", "0", "timeoutMinutes", "above 0 and at most 1440")]
    [TestCase("timeoutMinutes", "soon", "timeoutMinutes", "above 0 and at most 1440")]
    [TestCase("waitForCompletion", "maybe", "waitForCompletion", "use true or false")]
    public void BadInput_IsNamed(string name, string value, string expectedInput, string messagePart)
    {
        var environment = TestEnvironment.WithCredentials().Input("action", "deploy_service");
        environment.Input(name, value);

        var ex = Assert.Throws<TaskInputException>(() => CreateRunInputs.Parse(environment.Reader()));

        Assert.That(ex!.Input, Is.EqualTo(expectedInput));
        Assert.That(ex.Message, Does.Contain(messagePart));
    }

    [Test]
    public void Inputs_DefaultToNoWait_AnHour_AndFailingWithTheRun()
    {
        var inputs = CreateRunInputs.Parse(TestEnvironment.WithCredentials().Input("action", "scaffold_service").Input("timeoutMinutes", "0.5").Reader());

        Assert.That((inputs.Entity, inputs.Properties.Count, inputs.WaitForCompletion, inputs.Timeout, inputs.FailIfRunFails),
            Is.EqualTo(((string?)null, 0, false, TimeSpan.FromSeconds(30), true)));
    }
}
