using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>The outcome a task reports: its result and one line saying what happened.</summary>
public sealed record TaskOutcome(TaskResult Result, string Message)
{
    public static TaskOutcome Succeeded(string message) => new(TaskResult.Succeeded, message);
}

/// <summary>
/// Runs a task: reads the environment once, calls the task, and turns any failure into
/// <c>task.logissue type=error</c> + <c>task.complete result=Failed</c> from this one top-level catch.
/// </summary>
public static class TaskHost
{
    /// <returns>The process exit code: 0 when the task succeeded (with or without issues), 1 otherwise.</returns>
    public static Task<int> RunAsync(Func<TaskContext, CancellationToken, Task<TaskOutcome>> task, CancellationToken cancellationToken) =>
        RunAsync(task, ProcessEnvironment.Instance, Console.Out, options => new PortClient(options), cancellationToken);

    public static async Task<int> RunAsync(
        Func<TaskContext, CancellationToken, Task<TaskOutcome>> task,
        IEnvironment environment,
        TextWriter output,
        Func<PortClientOptions, PortClient> clientFactory,
        CancellationToken cancellationToken)
    {
        var taskEnvironment = new TaskEnvironment(environment);
        var agent = new AgentCommands(output, taskEnvironment.IsDebug);
        var context = new TaskContext(taskEnvironment, agent, clientFactory);
        TaskOutcome outcome;
        try
        {
            outcome = await task(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new TaskOutcome(TaskResult.Canceled, "The task was canceled.");
        }
        catch (TaskInputException ex)
        {
            outcome = new TaskOutcome(TaskResult.Failed, ex.Message);
        }
        catch (TaskFailedException ex)
        {
            outcome = new TaskOutcome(TaskResult.Failed, ex.Message);
        }
        catch (PortApiException ex) when (context.Connection is { } connection)
        {
            outcome = new TaskOutcome(TaskResult.Failed, PortFailure.Describe(ex, connection));
        }
        catch (Exception ex)
        {
            agent.Debug(ex.ToString());
            outcome = new TaskOutcome(TaskResult.Failed, $"Unexpected error: {ex.Message} (set System.Debug to true for details)");
        }

        if (outcome.Result is TaskResult.Failed)
        {
            agent.Error(outcome.Message);
        }

        agent.Complete(outcome.Result, outcome.Message);
        return outcome.Result is TaskResult.Succeeded or TaskResult.SucceededWithIssues ? 0 : 1;
    }
}
