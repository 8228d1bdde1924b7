using System.Globalization;
using System.Text.Json.Nodes;
using Port.AzureDevOps;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.ReportDeployment;

/// <summary>
/// Upserts a deployment into Port's DORA blueprint with what authors used to compute by hand: the deployment time, the
/// status from the job's result, and the lead time from this run's changes (now minus the oldest commit's time).
/// Without changes, or without access to them, the lead time is left out with a warning, never guessed.
/// </summary>
/// <param name="azureDevOps">The Azure DevOps client of the default lead-time start, the build's changes.</param>
/// <param name="leadTimeStart">Where the lead time starts; default: this build's changes (<see cref="BuildChangesLeadTime"/>).</param>
public sealed class ReportDeploymentCommand(ReportDeploymentInputs inputs, PortClient client, IStepHost agent,
    Func<AzureDevOpsJob, AzureDevOpsClient>? azureDevOps = null, TimeProvider? clock = null, ILeadTimeStart? leadTimeStart = null) : ITaskCommand
{
    public string Progress { get; private set; } = "nothing was written to Port yet";

    public async Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var leadTime = inputs.LeadTimeHours ?? (inputs.ComputeLeadTime ? await LeadTimeAsync(now, cancellationToken).ConfigureAwait(false) : null);

        var properties = new JsonObject
        {
            ["deployment_time"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["environment"] = inputs.Environment,
            ["status"] = inputs.Status,
            ["deployment_type"] = inputs.DeploymentType,
        };
        if (leadTime is { } hours)
        {
            properties["lead_time_hours"] = hours;
        }

        foreach (var (name, value) in inputs.Properties)
        {
            properties[name] = value?.DeepClone(); // the author's values win over the defaults
        }

        var entity = new JsonObject
        {
            ["identifier"] = inputs.Identifier,
            ["title"] = inputs.Title,
            ["properties"] = properties,
            ["relations"] = inputs.Relations.DeepClone(),
        };
        if (EntityShape.Problem(entity) is { } problem)
        {
            throw new TaskInputException("properties", problem);
        }

        agent.BeginGroup($"Record the deployment {inputs.Identifier} ({inputs.Status}, {inputs.Environment}) in {inputs.Blueprint}");
        try
        {
            Progress = $"the deployment '{inputs.Identifier}' was sent to Port, which may or may not have written it";
            await client.UpsertEntityAsync(inputs.Blueprint, entity, new UpsertEntityOptions { RunId = inputs.RunId }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            agent.EndGroup();
        }

        var leadText = properties["lead_time_hours"] is JsonValue lead ? lead.ToJsonString() : "";
        agent.SetOutput("identifier", inputs.Identifier);
        agent.SetOutput("status", inputs.Status);
        agent.SetOutput("leadTimeHours", leadText);
        return TaskOutcome.Succeeded($"Recorded the deployment '{inputs.Identifier}' to {inputs.Environment}: {inputs.Status}" +
            (leadText.Length > 0 ? $", lead time {leadText} h." : ", without a lead time."));
    }

    /// <summary>Hours from the oldest commit this run delivers to now, cut to two decimals as Port's guides do; null when unknown.</summary>
    private async Task<double?> LeadTimeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = await (leadTimeStart ?? new BuildChangesLeadTime(inputs, azureDevOps)).FindAsync(cancellationToken).ConfigureAwait(false);
        if (start.UnknownBecause is { } reason)
        {
            agent.Warning("The lead time is left out: " + reason);
            return null;
        }

        var hours = Math.Max(0, Math.Floor((now - start.Time).TotalHours * 100) / 100);
        var commit = start.Commit!;
        agent.Info($"Lead time {hours.ToString(CultureInfo.InvariantCulture)} h: from {start.Which} ({commit[..Math.Min(8, commit.Length)]} at {start.Time:u}) to now." +
            (start.Why is null ? "" : " " + start.Why));
        return hours;
    }
}
