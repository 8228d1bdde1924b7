using System.Globalization;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.CreateRun;

/// <summary>
/// Starts a run of a Port self-service action and, when asked, waits for it: polls the run with a growing interval
/// (the client honours Port's rate limits), shows its status label changes and new log lines as they appear, and
/// makes the step's result follow the run's.
/// </summary>
/// <param name="firstPoll">The first wait between two reads of the run; it grows by half each time, up to <see cref="MaxPoll"/>.</param>
public sealed class CreateRunCommand(CreateRunInputs inputs, PortClient client, IStepHost agent, TimeSpan? firstPoll = null) : ITaskCommand
{
    public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(15);

    private ActionRun? _run;

    public string Progress => _run is null
        ? $"the request to start the action '{inputs.Action}' may or may not have reached Port"
        : $"the Port action run '{_run.Id}' was started and is {_run.Status} in Port; canceling this step does not stop it there";

    public async Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        var on = inputs.Entity is { } entity ? $" on entity '{entity}'" : "";
        agent.BeginGroup($"Start the Port action '{inputs.Action}'{on}");
        try
        {
            _run = await client.CreateRunAsync(inputs.Action, inputs.Properties, inputs.Entity, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            agent.EndGroup();
        }

        SetOutputs(_run);
        agent.Info($"Port started the run {_run.Id} of the action '{inputs.Action}'{on}; it is {_run.Status}.");
        if (!inputs.WaitForCompletion)
        {
            return TaskOutcome.Succeeded($"Started the Port action run '{_run.Id}' of '{inputs.Action}'; it is {_run.Status} in Port.");
        }

        var run = await WaitAsync(_run, cancellationToken).ConfigureAwait(false);
        SetOutputs(run);
        return Outcome(run);
    }

    private async Task<ActionRun> WaitAsync(ActionRun run, CancellationToken cancellationToken)
    {
        var minutes = inputs.Timeout.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
        var deadline = DateTimeOffset.UtcNow + inputs.Timeout;
        var delay = firstPoll ?? TimeSpan.FromSeconds(1);
        var label = run.StatusLabel;
        var logsShown = 0;
        agent.BeginGroup($"Wait for the Port action run {run.Id} (at most {minutes} minutes)");
        try
        {
            while (!IsEnded(run.Status))
            {
                var left = deadline - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(delay < left ? delay : left, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min((long)(delay.Ticks * 1.5), MaxPoll.Ticks));
                run = await client.GetRunAsync(run.Id, cancellationToken).ConfigureAwait(false);
                _run = run;
                logsShown = await ShowNewLogsAsync(run.Id, logsShown, cancellationToken).ConfigureAwait(false);
                if (run.StatusLabel != label && run.StatusLabel is not null)
                {
                    agent.Info($"Status label: {run.StatusLabel}");
                }

                label = run.StatusLabel;
            }
        }
        finally
        {
            agent.EndGroup();
        }

        return run;
    }

    /// <summary>Prints the run's log lines added since the last look; returns how many have been shown in all.</summary>
    private async Task<int> ShowNewLogsAsync(string runId, int shown, CancellationToken cancellationToken)
    {
        const int Page = 50;
        while (true)
        {
            var logs = await client.ListRunLogsAsync(runId, Page, shown, cancellationToken).ConfigureAwait(false);
            foreach (var log in logs)
            {
                agent.Info($"Port: {(string?)log["message"]}");
            }

            shown += logs.Count;
            if (logs.Count < Page)
            {
                return shown;
            }
        }
    }

    private TaskOutcome Outcome(ActionRun run)
    {
        var label = run.StatusLabel is { } text ? $" ({text})" : "";
        switch (run.Status)
        {
            case RunStatus.Success:
                return TaskOutcome.Succeeded($"The Port action run '{run.Id}' of '{inputs.Action}' ended with SUCCESS{label}.");
            case var status when IsEnded(status):
                var message = $"The Port action run '{run.Id}' of '{inputs.Action}' ended with {status}{label}; its log in Port says why.";
                if (inputs.FailIfRunFails)
                {
                    return TaskOutcome.Failed(message + " Set 'failIfRunFails' to false to go on regardless.");
                }

                agent.Warning(message);
                return new TaskOutcome(TaskResult.SucceededWithIssues, message);
            default:
                var minutes = inputs.Timeout.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
                return TaskOutcome.Failed($"The Port action run '{run.Id}' of '{inputs.Action}' did not end within {minutes} minutes (input 'timeoutMinutes'); it is still {run.Status}{label} in Port, where it goes on.");
        }
    }

    private void SetOutputs(ActionRun run)
    {
        agent.SetOutput("runId", run.Id);
        agent.SetOutput("runStatus", run.Status ?? "");
        agent.SetOutput("statusLabel", run.StatusLabel ?? "");
    }

    /// <summary>SUCCESS and FAILURE end a run; so does DECLINED, for a run whose approval was refused.</summary>
    private static bool IsEnded(string? status) => status is RunStatus.Success or RunStatus.Failure or RunStatus.Declined;
}
