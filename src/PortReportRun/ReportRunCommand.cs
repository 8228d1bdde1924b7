using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.ReportRun;

/// <summary>
/// Reports to a Port action run: PATCHes label, link, summary and external id, then, to end the run, posts one log
/// with the termination status (Port's documented way to end a run once). A failed job's report first says which
/// steps failed (see <see cref="FailureReport"/>).
/// </summary>
/// <param name="azureDevOps">Makes the Azure DevOps client for this job; tests pass a fake.</param>
/// <param name="settle">How long to wait before reading the timeline again when it shows no failed step yet.</param>
public sealed class ReportRunCommand(ReportRunInputs inputs, PortClient client, IStepHost agent,
    Func<AzureDevOpsJob, Port.AzureDevOps.AzureDevOpsClient>? azureDevOps = null, TimeSpan? settle = null) : ITaskCommand
{
    public string Progress { get; private set; } = "nothing was sent to the Port run yet";

    public async Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        agent.BeginGroup($"Report Port action run {inputs.RunId}: {inputs.Status}");
        string runStatus;
        try
        {
            runStatus = await ReportAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PortApiException ex) when (ex.Subject == PortErrorSubject.RunEnded)
        {
            var message = $"The Port action run '{inputs.RunId}' has already ended, so Port accepts no more updates ({ex.Describe()}). " +
                (inputs.Ends
                    ? "A run ends once: check whether an earlier step or Port itself already reported it; use status IN_PROGRESS for progress updates."
                    : "Port ends a run itself when its backend is a synchronous webhook; this progress update is skipped.");
            // A progress update that finds the run ended is only a warning; the final report follows failIfRunEnded.
            if (inputs.Ends && inputs.FailIfRunEnded)
            {
                throw new TaskFailedException(message + " Set 'failIfRunEnded' to false to go on with a warning.");
            }

            agent.Warning(message);
            return new TaskOutcome(TaskResult.SucceededWithIssues, message);
        }
        finally
        {
            agent.EndGroup();
        }

        agent.SetOutput("runStatus", runStatus);
        return TaskOutcome.Succeeded($"Port action run '{inputs.RunId}' is {runStatus}{(inputs.StatusLabel is { } label ? $" ({label})" : "")}.");
    }

    private async Task<string> ReportAsync(CancellationToken cancellationToken)
    {
        var failure = inputs.ReportFailedSteps
            ? await FailureReport.ReadAsync(inputs, azureDevOps ?? (job => job.CreateClient()), agent, settle ?? TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false)
            : FailureReport.None;
        var statusLabel = inputs.StatusLabel ?? failure.StatusLabel; // the author's words first
        var update = new RunUpdate
        {
            StatusLabel = inputs.Ends ? null : statusLabel, // an ending label goes with the final log
            Link = Links(inputs.Links),
            Summary = inputs.Summary ?? failure.Summary(inputs.PipelineRunName),
            ExternalRunId = inputs.ExternalRunId,
        };

        string? status = null;
        if (!update.IsEmpty)
        {
            var run = await client.UpdateRunAsync(inputs.RunId, update, cancellationToken).ConfigureAwait(false);
            agent.Info($"Updated the run: {Fields(update)}.");
            Progress = $"the run's {Fields(update)} were updated, but the run was not ended";
            status = run.Status;
        }

        if (inputs.Ends)
        {
            foreach (var line in failure.LogLines())
            {
                await client.AddRunLogAsync(inputs.RunId, new RunLogEntry { Message = line }, cancellationToken).ConfigureAwait(false);
                agent.Info($"Logged: \"{line}\"");
            }

            var message = inputs.LogMessage ?? $"{inputs.PipelineRunName ?? "The pipeline run"} finished: {inputs.Status}.";
            await client.AddRunLogAsync(inputs.RunId, new RunLogEntry { Message = message, TerminationStatus = inputs.Status, StatusLabel = statusLabel }, cancellationToken).ConfigureAwait(false);
            agent.Info($"Ended the run with {inputs.Status}: \"{message}\"");
            Progress = $"the run was ended with {inputs.Status}";
            return inputs.Status;
        }

        if (inputs.LogMessage is { } log)
        {
            await client.AddRunLogAsync(inputs.RunId, new RunLogEntry { Message = log }, cancellationToken).ConfigureAwait(false);
            agent.Info($"Logged: \"{log}\"");
            Progress = "the log line was written to the run";
        }

        return status ?? (await client.GetRunAsync(inputs.RunId, cancellationToken).ConfigureAwait(false)).Status ?? RunStatus.InProgress;
    }

    private static JsonNode? Links(IReadOnlyList<string> links) => links.Count switch
    {
        0 => null,
        1 => links[0],
        _ => new JsonArray(links.Select(l => (JsonNode?)l).ToArray()),
    };

    private static string Fields(RunUpdate update) => string.Join(", ", new[]
    {
        update.StatusLabel is null ? null : "status label",
        update.Link is null ? null : "link",
        update.Summary is null ? null : "summary",
        update.ExternalRunId is null ? null : "external run id",
    }.OfType<string>());
}
