using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.Tests;

/// <summary>The generic runner: parse, client, command, and the one top-level catch.</summary>
public class TaskRunnerTests
{
    private sealed record FakeInputs(PortConnection Connection) : ITaskInputs<FakeInputs>
    {
        public static FakeInputs Parse(TaskInputReader inputs)
        {
            _ = inputs.RequiredString("blueprint", "a blueprint");
            return new FakeInputs(PortConnectionResolver.Resolve(inputs));
        }

        public InputBlame? Blame(PortErrorSubject subject) => subject == PortErrorSubject.Blueprint ? new InputBlame("blueprint", "nope") : null;
    }

    private sealed class FakeCommand(Func<PortClient, CancellationToken, Task<TaskOutcome>> work, PortClient client) : ITaskCommand
    {
        public string Progress => "7 of 9 things were done";

        public Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken) => work(client, cancellationToken);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(Func<PortClient, CancellationToken, Task<TaskOutcome>> work, TestEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        environment ??= TestEnvironment.WithCredentials().Input("blueprint", "microservice").Input("baseUrl", "http://127.0.0.1:9");
        using var output = new StringWriter();
        var exitCode = await TaskRunner.RunAsync<FakeInputs>((_, client, _) => new FakeCommand(work, client), new DictionaryEnvironment(environment.Values), output, ZeroDelayClient, cancellationToken);
        return (exitCode, output.ToString());
    }

    private static PortClient ZeroDelayClient(PortClientOptions options)
    {
        options.BaseDelay = TimeSpan.Zero;
        options.MaxRetryDelay = TimeSpan.Zero;
        return new PortClient(options);
    }

    [Test]
    public async Task Success_MasksTheSecretFirst_CompletesSucceeded_Exit0()
    {
        var (exitCode, output) = await RunAsync((_, _) => Task.FromResult(TaskOutcome.Succeeded("done")));

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo("##vso[task.setsecret]csecret\n##vso[task.complete result=Succeeded;]done\n"));
    }

    [Test]
    public async Task InputError_IsOneIssueAndFailed_Exit1_NoStackTrace()
    {
        var (exitCode, output) = await RunAsync((_, _) => Task.FromResult(TaskOutcome.Succeeded("never")), TestEnvironment.WithCredentials());

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.EqualTo("##vso[task.logissue type=error]The input 'blueprint' is required: give a blueprint.\n##vso[task.complete result=Failed;]The input 'blueprint' is required: give a blueprint.\n"));
    }

    [TestCase("PORT_MAX_RETRIES", "many", "use a whole number from 0 to 10.")]
    [TestCase("PORT_ATTEMPT_TIMEOUT", "0", "use a whole number from 1 to 180 (seconds).")]
    [TestCase("PORT_ATTEMPT_TIMEOUT", "181", "use a whole number from 1 to 180 (seconds).")]
    public async Task BadSharedVariable_FailsBeforeAnythingElse(string variable, string value, string advice)
    {
        var (exitCode, output) = await RunAsync((_, _) => Task.FromResult(TaskOutcome.Succeeded("never")), TestEnvironment.WithCredentials().Input("blueprint", "b").Variable(variable, value));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"result=Failed;]The variable {variable} is '{value}'; {advice}"));
    }

    [Test]
    public async Task UnexpectedError_IsReportedWithoutStackTrace_UnlessDebug()
    {
        var (_, quiet) = await RunAsync((_, _) => throw new InvalidOperationException("boom"));
        var (_, debug) = await RunAsync((_, _) => throw new InvalidOperationException("boom"),
            TestEnvironment.WithCredentials().Input("blueprint", "b").Variable("System.Debug", "true"));

        Assert.That(quiet, Does.Contain("result=Failed;]Unexpected error: boom").And.Not.Contain(" at "));
        Assert.That(debug, Does.Contain("##vso[task.debug]System.InvalidOperationException: boom"));
    }

    [Test]
    public async Task UnreachablePort_NamesWhereTheUrlCameFrom_AndTheSecretShowsOnlyInItsSetSecret()
    {
        var (exitCode, output) = await RunAsync(async (client, ct) =>
        {
            await client.GetEntityAsync("microservice", "x", cancellationToken: ct);
            return TaskOutcome.Succeeded("unreachable");
        }, TestEnvironment.WithCredentials().Input("blueprint", "b").Input("baseUrl", "http://127.0.0.1:9").Variable("PORT_MAX_RETRIES", "0"));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("result=Failed;]Could not reach Port at http://127.0.0.1:9 (from input 'baseUrl')"));
        Assert.That(output.Split('\n').Count(l => l.Contains("csecret")), Is.EqualTo(1), "the secret appears only in its setsecret command");
    }

    [Test]
    public async Task PortError_NamesTheInputItsSubjectBlames()
    {
        var (_, output) = await RunAsync((_, _) => throw new PortNotFoundException("not_found", "Blueprint not found") { Subject = PortErrorSubject.Blueprint });

        Assert.That(output, Does.Contain("result=Failed;]The input 'blueprint' is 'nope', but Port has no such blueprint (Blueprint not found)."));
    }

    [Test]
    public async Task Cancellation_CompletesCanceled_SayingWhatWasDone()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var (exitCode, output) = await RunAsync((_, ct) => Task.FromException<TaskOutcome>(new OperationCanceledException(ct)), cancellationToken: cancel.Token);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.EndWith("##vso[task.complete result=Canceled;]The task was canceled: 7 of 9 things were done.\n"));
    }
}
