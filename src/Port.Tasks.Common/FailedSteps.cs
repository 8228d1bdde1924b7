using System.Text.Json.Nodes;
using Port.AzureDevOps;

namespace Port.Tasks.Common;

/// <summary>A step of this job that failed, with its first error messages and the web page of its log.</summary>
public sealed record FailedStep(string Name, IReadOnlyList<string> Errors, string LogUrl);

/// <summary>
/// Reads which steps of this job failed, from the build timeline. The agent sends timeline updates every half second,
/// so a step that just failed may not show yet: when the job failed but no failed step shows, the timeline is read
/// once more after a short wait.
/// </summary>
public static class FailedSteps
{
    public static async Task<IReadOnlyList<FailedStep>> ReadAsync(AzureDevOpsClient client, AzureDevOpsJob job, TimeSpan settle, CancellationToken cancellationToken)
    {
        var steps = await ReadOnceAsync(client, job, cancellationToken).ConfigureAwait(false);
        if (steps.Count == 0 && settle > TimeSpan.Zero)
        {
            await Task.Delay(settle, cancellationToken).ConfigureAwait(false);
            steps = await ReadOnceAsync(client, job, cancellationToken).ConfigureAwait(false);
        }

        return steps;
    }

    private static async Task<IReadOnlyList<FailedStep>> ReadOnceAsync(AzureDevOpsClient client, AzureDevOpsJob job, CancellationToken cancellationToken) =>
        job.Release is { } release
            ? FindInRelease(await client.GetReleaseEnvironmentAsync(job.Project, release.ReleaseId, release.EnvironmentId, cancellationToken).ConfigureAwait(false), release)
            : Find(await client.GetTimelineAsync(job.Project, job.BuildId, cancellationToken).ConfigureAwait(false), job);

    /// <summary>
    /// A classic release's failed tasks, from this deployment attempt of the environment (the one whose deploymentId
    /// or attempt the agent names, else the last): <c>deploySteps → releaseDeployPhases → deploymentJobs → tasks</c>.
    /// Release issues carry <c>issueType</c>, not <c>type</c>.
    /// </summary>
    public static IReadOnlyList<FailedStep> FindInRelease(JsonObject environment, ReleaseJob release)
    {
        var attempts = (environment["deploySteps"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var attempt = attempts.LastOrDefault(a => a["deploymentId"]?.ToString() == release.DeploymentId || a["attempt"]?.ToString() == release.Attempt)
            ?? attempts.LastOrDefault();
        var link = release.WebUrl ?? release.ServerUri.AbsoluteUri;
        return (attempt?["releaseDeployPhases"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(phase => (phase["deploymentJobs"] as JsonArray ?? []).OfType<JsonObject>())
            .SelectMany(job => (job["tasks"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(task => ((string?)task["status"])?.ToLowerInvariant() is "failed" or "failure")
            .Select(task => new FailedStep(
                (string?)task["name"] ?? "",
                (task["issues"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(i => string.Equals((string?)(i["issueType"] ?? i["type"]), "error", StringComparison.OrdinalIgnoreCase))
                    .Select(i => (string?)i["message"] ?? "").Where(m => m.Length > 0).ToList(),
                link))
            .ToList();
    }

    /// <summary>
    /// This job's failed Task records (not this task's own record), in order; when the job failed without a failed
    /// step (a timeout, a lost agent), the job itself with its own errors.
    /// </summary>
    public static IReadOnlyList<FailedStep> Find(IReadOnlyList<TimelineRecord> records, AzureDevOpsJob job)
    {
        var jobRecord = records.FirstOrDefault(r => r.Type == "Job" && r.Id == job.JobId);
        var failed = records
            .Where(r => r.Type == "Task" && r.Failed && r.Id != job.TaskInstanceId && (jobRecord is null || r.ParentId == jobRecord.Id))
            .OrderBy(r => r.Order)
            .Select(r => new FailedStep(r.Name, r.Errors, job.StepLogUrl(r.Id)))
            .ToList();
        if (failed.Count == 0 && jobRecord is { Failed: true })
        {
            failed.Add(new FailedStep(jobRecord.Name, jobRecord.Errors, job.StepLogUrl(jobRecord.Id)));
        }

        return failed;
    }
}
