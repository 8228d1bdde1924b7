using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Tasks.Common;

namespace Port.Tasks.ReportDeployment;

/// <summary>
/// The inputs of PortReportDeployment@1, with the defaults it derives from the pipeline: the environment of a deployment
/// job or classic release, an identifier stable across re-runs of the same job, the status from the job's result.
/// </summary>
/// <param name="LeadTimeHours">A number the author gave; null with <see cref="ComputeLeadTime"/> for auto.</param>
public sealed record ReportDeploymentInputs(
    PortConnection Connection,
    string Blueprint,
    string Identifier,
    string Title,
    string Environment,
    string Status,
    double? LeadTimeHours,
    string DeploymentType,
    JsonObject Properties,
    JsonObject Relations,
    string? RunId) : ITaskInputs<ReportDeploymentInputs>
{
    public const string Auto = "auto";
    public const string DefaultBlueprint = "dora_deployment";

    /// <summary>leadTimeHours is auto: computed from this run's changes.</summary>
    public bool ComputeLeadTime { get; init; }

    /// <summary>This job in Azure DevOps, read when the lead time is computed; null with <see cref="JobMissing"/> saying why.</summary>
    public AzureDevOpsJob? Job { get; init; }

    public string? JobMissing { get; init; }

    public InputBlame? Blame(PortErrorSubject subject) => subject switch
    {
        PortErrorSubject.Blueprint => new("blueprint", Blueprint),
        PortErrorSubject.Entity => new("identifier", Identifier),
        PortErrorSubject.Property => new("properties"),
        PortErrorSubject.RelatedEntity => new("relations"),
        PortErrorSubject.Run or PortErrorSubject.RunEnded => new("runId", RunId),
        _ => null,
    };

    public static ReportDeploymentInputs Parse(TaskInputReader inputs)
    {
        var environment = inputs.Environment;
        var blueprint = inputs.String("blueprint") ?? DefaultBlueprint;
        PortIdentifier.ValidateBlueprint("blueprint", blueprint);

        var deployedTo = inputs.String("environment") ?? environment.Variable("Environment.Name") ?? environment.Variable("Release.EnvironmentName")
            ?? throw new TaskInputException("environment", "is required outside a deployment job or a classic release stage: give the environment deployed to, e.g. production.");
        var status = inputs.String("status") ?? Auto;
        status = status.Equals(Auto, StringComparison.OrdinalIgnoreCase) ? FromJobResult(JobResults.Read(environment, "success or failure")) : status;

        var leadTimeText = inputs.String("leadTimeHours") ?? Auto;
        double? leadTime = null;
        var computeLeadTime = leadTimeText.Equals(Auto, StringComparison.OrdinalIgnoreCase);
        if (!computeLeadTime)
        {
            leadTime = double.TryParse(leadTimeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours >= 0 && double.IsFinite(hours)
                ? hours
                : throw new TaskInputException("leadTimeHours", $"is '{leadTimeText}'; use auto (from this run's changes) or a number of hours such as 5.25.");
        }

        var release = environment.Variable("System.HostType") is "release" or "deployment";
        var pipeline = (release ? environment.Variable("Release.DefinitionName") : null) ?? environment.Variable("Build.DefinitionName") ?? "pipeline";
        var runKey = (release ? environment.Variable("Release.ReleaseId") : null) ?? environment.Variable("Build.BuildId") ?? "local";
        var runName = (release ? environment.Variable("Release.ReleaseName") : null) ?? environment.Variable("Build.BuildNumber") ?? runKey;

        var identifier = inputs.String("identifier") ?? DerivedIdentifier(pipeline, runKey, deployedTo);
        PortIdentifier.ValidateEntity("identifier", identifier);
        var (job, jobMissing) = computeLeadTime ? AzureDevOpsJob.Read(inputs) : (null, null);

        return new ReportDeploymentInputs(PortConnectionResolver.Resolve(inputs), blueprint, identifier,
            inputs.String("title") ?? $"{pipeline} {runName} to {deployedTo}", deployedTo, status, leadTime,
            inputs.String("deploymentType") ?? "Azure Pipelines",
            inputs.JsonObject("properties", """{"version": "$(Build.BuildNumber)"}""") ?? [],
            inputs.JsonObject("relations", """{"group": "all_teams", "service": "checkout"}""") ?? [],
            PortRunId.Read(inputs, required: false))
        {
            ComputeLeadTime = computeLeadTime,
            Job = job,
            JobMissing = jobMissing,
        };
    }

    /// <summary>The job's result → Port's DORA status: Succeeded and SucceededWithIssues → success; Failed and Canceled → failure.</summary>
    public static string FromJobResult(JobResult result) =>
        result is JobResult.Succeeded or JobResult.SucceededWithIssues ? "success" : "failure";

    /// <summary>
    /// "{pipeline}-{run}-{environment}", every character Port's pattern refuses made '-': the same for every attempt of
    /// the job (no attempt number), so a re-run updates its deployment instead of adding one.
    /// </summary>
    public static string DerivedIdentifier(string pipeline, string run, string environment)
    {
        var text = new StringBuilder();
        foreach (var c in $"{pipeline}-{run}-{environment}")
        {
            text.Append(char.IsLetter(c) || char.IsAsciiDigit(c) || "@_.+:=-".Contains(c) ? c : '-');
        }

        var identifier = text.ToString().Trim('-');
        return identifier.Length > PortIdentifier.MaxLength ? identifier[..PortIdentifier.MaxLength] : identifier;
    }
}
