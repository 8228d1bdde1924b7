using System.Text;
using Port.AzureDevOps;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.ReportRun;

/// <summary>
/// What a failed job tells its Port run: which steps failed and their first errors, as log lines, a default summary
/// in Markdown with links to the logs, and a default status label naming the first failed step. Reading the timeline
/// never fails the step: any Azure DevOps failure is one warning, and the report goes out without the details.
/// </summary>
public sealed class FailureReport(IReadOnlyList<FailedStep> steps)
{
    /// <summary>Log lines sent to the Port run, one per failed step.</summary>
    public const int MaxSteps = 10;

    /// <summary>The longest error message sent in a log line; longer ones are cut.</summary>
    public const int MaxMessageLength = 500;

    public static readonly FailureReport None = new([]);

    public IReadOnlyList<FailedStep> Steps => steps;

    public static async Task<FailureReport> ReadAsync(ReportRunInputs inputs, Func<AzureDevOpsJob, AzureDevOpsClient> clientFor, IStepHost agent, TimeSpan settle, CancellationToken cancellationToken)
    {
        if (inputs.Job is not { } job)
        {
            agent.Warning($"Could not read which steps failed: {inputs.JobMissing} is not available. The report goes out without them.");
            return None;
        }

        try
        {
            using var client = clientFor(job);
            var found = await FailedSteps.ReadAsync(client, job, settle, cancellationToken).ConfigureAwait(false);
            agent.Info(found.Count == 0 ? "The timeline shows no failed step." : $"Failed steps: {string.Join(", ", found.Select(s => $"'{s.Name}'"))}.");
            return new FailureReport(found);
        }
        catch (AzureDevOpsException ex)
        {
            var why = ex.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
                ? " The build service account may lack 'View builds', or the job authorization scope may exclude this project."
                : "";
            agent.Warning($"Could not read which steps failed from Azure DevOps: {ex.Message}{why} The report goes out without them.");
            return None;
        }
    }

    /// <summary>"Failed: Run unit tests", or null when no step is known.</summary>
    public string? StatusLabel => steps.Count == 0 ? null : $"Failed: {steps[0].Name}";

    /// <summary>A Markdown list of the failed steps with links to their logs, or null when no step is known.</summary>
    public string? Summary(string? pipelineRun)
    {
        if (steps.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder($"**{(steps.Count == 1 ? "1 step" : $"{steps.Count} steps")} failed** in {pipelineRun ?? "the pipeline run"}:\n");
        foreach (var step in steps.Take(MaxSteps))
        {
            text.Append($"\n- [{step.Name}]({step.LogUrl})").Append(step.Errors.Count > 0 ? $": {Cut(step.Errors[0], 200)}" : "");
        }

        return text.ToString();
    }

    /// <summary>One log line a failed step: its name and its first errors.</summary>
    public IEnumerable<string> LogLines() => steps.Take(MaxSteps).Select(step =>
        step.Errors.Count == 0
            ? $"Step '{step.Name}' failed. Log: {step.LogUrl}"
            : $"Step '{step.Name}' failed: {Cut(string.Join(" | ", step.Errors.Take(3)), MaxMessageLength)} Log: {step.LogUrl}");

    private static string Cut(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= length ? line : line[..(length - 1)] + "…";
    }
}
