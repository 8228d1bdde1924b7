using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>
/// Runs a task: reads the environment once, parses and checks the inputs, builds the Port client for their connection,
/// runs the command, and turns any failure into <c>task.logissue type=error</c> + <c>task.complete result=Failed</c>
/// from this one top-level catch. A task's <c>Program.cs</c> is one call to <see cref="RunAsync{TInputs}(Func{TInputs, PortClient, IStepHost, ITaskCommand})"/>.
/// </summary>
public static class TaskRunner
{
    /// <summary>The process entry point: the real environment, stdout, and cancellation on SIGINT/SIGTERM.</summary>
    /// <returns>The process exit code: 0 when the task succeeded (with or without issues), 1 otherwise.</returns>
    public static async Task<int> RunAsync<TInputs>(Func<TInputs, PortClient, IStepHost, ITaskCommand> command)
        where TInputs : ITaskInputs<TInputs>
    {
        using var cancellation = TaskCancellation.FromProcessSignals();
        // The agent reads a task's output as UTF-8 on every OS; on Windows Console.Out would encode with the console's
        // code page (found under Wine: a non-ASCII path in an output came out garbled).
        using var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return await RunAsync(command, ProcessEnvironment.Instance, output, options => new PortClient(options), cancellation.Token).ConfigureAwait(false);
    }

    public static async Task<int> RunAsync<TInputs>(
        Func<TInputs, PortClient, IStepHost, ITaskCommand> command,
        IEnvironment processEnvironment,
        TextWriter output,
        Func<PortClientOptions, PortClient> clientFactory,
        CancellationToken cancellationToken)
        where TInputs : ITaskInputs<TInputs>
    {
        var environment = new TaskEnvironment(processEnvironment);
        var agent = AgentCommands.For(environment, output);
        TInputs? inputs = default;
        ITaskCommand? work = null;
        TaskOutcome outcome;
        try
        {
            var settings = TaskSettings.Read(environment);
            inputs = TInputs.Parse(new TaskInputReader(environment, agent));
            using var client = clientFactory(settings.ClientOptions(inputs.Connection, agent));
            work = command(inputs, client, agent);
            outcome = await work.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new TaskOutcome(TaskResult.Canceled, $"The task was canceled: {work?.Progress ?? "it had not sent anything to Port yet"}.");
        }
        catch (TaskInputException ex)
        {
            outcome = TaskOutcome.Failed(ex.Message);
        }
        catch (TaskFailedException ex)
        {
            outcome = TaskOutcome.Failed(ex.Message);
        }
        catch (PortApiException ex) when (inputs is not null)
        {
            outcome = TaskOutcome.Failed(PortFailure.Describe(ex, inputs.Connection, inputs.Blame(ex.Subject)));
        }
        catch (Exception ex)
        {
            agent.Debug(ex.ToString());
            outcome = TaskOutcome.Failed($"Unexpected error: {ex.Message} (set System.Debug to true for details)");
        }

        if (outcome.Result is TaskResult.Failed)
        {
            agent.Error(outcome.Message);
        }

        agent.Complete(outcome.Result, outcome.Message);
        return outcome.Result is TaskResult.Succeeded or TaskResult.SucceededWithIssues ? 0 : 1;
    }
}
