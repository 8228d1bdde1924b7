using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.Tests;

public class TaskHostTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(Func<TaskContext, CancellationToken, Task<TaskOutcome>> task, TestEnvironment? environment = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        var exitCode = await TaskHost.RunAsync(task, new DictionaryEnvironment((environment ?? new TestEnvironment()).Values), output, ZeroDelayClient, cancellationToken);
        return (exitCode, output.ToString());
    }

    private static PortClient ZeroDelayClient(PortClientOptions options)
    {
        options.BaseDelay = TimeSpan.Zero;
        options.MaxRetryDelay = TimeSpan.Zero;
        return new PortClient(options);
    }

    [Test]
    public async Task Success_CompletesSucceeded_Exit0()
    {
        var (exitCode, output) = await RunAsync((_, _) => Task.FromResult(TaskOutcome.Succeeded("done")));

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Is.EqualTo("##vso[task.complete result=Succeeded;]done\n"));
    }

    [Test]
    public async Task InputError_IsOneIssueAndFailed_Exit1_NoStackTrace()
    {
        var (exitCode, output) = await RunAsync((_, _) => throw new TaskInputException("blueprint", "is required: give it."));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.EqualTo("##vso[task.logissue type=error]The input 'blueprint' is required: give it.\n##vso[task.complete result=Failed;]The input 'blueprint' is required: give it.\n"));
    }

    [Test]
    public async Task UnexpectedError_IsReportedWithoutStackTrace_UnlessDebug()
    {
        var (_, quiet) = await RunAsync((_, _) => throw new InvalidOperationException("boom"));
        var (_, debug) = await RunAsync((_, _) => throw new InvalidOperationException("boom"), new TestEnvironment().Variable("System.Debug", "true"));

        Assert.That(quiet, Does.Contain("result=Failed;]Unexpected error: boom").And.Not.Contain(" at "));
        Assert.That(debug, Does.Contain("##vso[task.debug]System.InvalidOperationException: boom"));
    }

    [Test]
    public async Task PortFailure_NamesWhereTheUrlCameFrom()
    {
        var (exitCode, output) = await RunAsync(async (context, ct) =>
        {
            using var client = context.CreatePortClient(new PortConnection("http://127.0.0.1:9", "cid", "secret-value", "the inputs", "input 'baseUrl'"));
            await client.GetEntityAsync("microservice", "x", cancellationToken: ct);
            return TaskOutcome.Succeeded("unreachable");
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("result=Failed;]Could not reach Port at http://127.0.0.1:9 (from input 'baseUrl')"));
        Assert.That(output, Does.StartWith("##vso[task.setsecret]secret-value\n"));
        Assert.That(output.Split('\n').Count(l => l.Contains("secret-value")), Is.EqualTo(1), "the secret appears only in its setsecret command");
    }

    [Test]
    public async Task Cancellation_CompletesCanceled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var (exitCode, output) = await RunAsync((_, ct) => Task.FromException<TaskOutcome>(new OperationCanceledException(ct)), cancellationToken: cancel.Token);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Is.EqualTo("##vso[task.complete result=Canceled;]The task was canceled.\n"));
    }
}
