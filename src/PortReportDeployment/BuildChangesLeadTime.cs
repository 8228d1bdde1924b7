using Port.AzureDevOps;
using Port.Tasks.Common;

namespace Port.Tasks.ReportDeployment;

/// <summary>The Azure task's lead-time start: the oldest of this build's changes, as Azure DevOps lists them (the job's token).</summary>
public sealed class BuildChangesLeadTime(ReportDeploymentInputs inputs, Func<AzureDevOpsJob, AzureDevOpsClient>? azureDevOps = null) : ILeadTimeStart
{
    public async Task<LeadTimeStart> FindAsync(CancellationToken cancellationToken)
    {
        if (inputs.Job is not { } job)
        {
            return LeadTimeStart.Unknown($"{inputs.JobMissing} is not available to read this run's changes. Give leadTimeHours to set it.");
        }

        IReadOnlyList<BuildChange> changes;
        try
        {
            using var devOps = (azureDevOps ?? (j => j.CreateClient()))(job);
            changes = await devOps.GetBuildChangesAsync(job.Project, job.BuildId, cancellationToken).ConfigureAwait(false);
        }
        catch (AzureDevOpsException ex)
        {
            return LeadTimeStart.Unknown($"this run's changes could not be read from Azure DevOps ({ex.Message}). Give leadTimeHours to set it.");
        }

        // Azure DevOps gives each change the commit's (author's) timestamp.
        var oldest = changes.Where(c => c.Timestamp is not null).MinBy(c => c.Timestamp);
        return oldest is null
            ? LeadTimeStart.Unknown("Azure DevOps lists no change for this run (a manual or scheduled run, or the first of its branch). Give leadTimeHours to set it.")
            : LeadTimeStart.Found(oldest.Id, oldest.Timestamp!.Value, $"the oldest of {changes.Count} change(s)");
    }
}
