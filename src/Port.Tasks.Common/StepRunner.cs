using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>How a step ended, and whether it failed on its inputs before its command began (nothing was sent).</summary>
public sealed record StepOutcome(TaskOutcome Outcome, bool BeforeAnythingWasSent);

/// <summary>
/// Runs one step on any host: reads the shared settings, parses and checks the inputs, builds the Port client for
/// their connection, runs the command, and turns any failure into one error and the step's result, from this one
/// top-level catch. The Azure tasks (<see cref="TaskRunner"/>) and the CLI for other CIs both run their steps here.
/// </summary>
public static class StepRunner
{
    public static async Task<StepOutcome> RunAsync<TInputs>(
        Func<TInputs, PortClient, IStepHost, ITaskCommand> command,
        TaskEnvironment environment,
        IStepHost host,
        Func<PortClientOptions, PortClient> clientFactory,
        CancellationToken cancellationToken)
        where TInputs : ITaskInputs<TInputs>
    {
        TInputs? inputs = default;
        ITaskCommand? work = null;
        TaskOutcome outcome;
        try
        {
            var settings = TaskSettings.Read(environment);
            inputs = TInputs.Parse(new TaskInputReader(environment, host));
            using var client = clientFactory(settings.ClientOptions(inputs.Connection, host));
            work = command(inputs, client, host);
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
            host.Debug(ex.ToString());
            outcome = TaskOutcome.Failed($"Unexpected error: {ex.Message} (set System.Debug to true for details)");
        }

        if (outcome.Result is TaskResult.Failed)
        {
            host.Error(outcome.Message);
        }

        host.Complete(outcome.Result, outcome.Message);
        return new StepOutcome(outcome, work is null && outcome.Result is TaskResult.Failed);
    }
}
