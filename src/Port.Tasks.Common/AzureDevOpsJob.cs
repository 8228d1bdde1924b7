using Port.AzureDevOps;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>
/// Where this job's run lives in Azure DevOps, and the job's access token (the agent's <c>SYSTEMVSSCONNECTION</c>
/// endpoint, masked as it is read): what a task needs to read this run's timeline or changes.
/// </summary>
public sealed record AzureDevOpsJob(Uri CollectionUri, string Project, string BuildId, string? JobId, string? TaskInstanceId, Secret AccessToken)
{
    public const string SystemConnection = "SYSTEMVSSCONNECTION";

    /// <summary>Set in a classic release job: where the release lives and which deployment attempt this is.</summary>
    public ReleaseJob? Release { get; init; }

    /// <summary>The job as the agent describes it, or why it cannot be read (a missing variable or token).</summary>
    public static (AzureDevOpsJob? Job, string? Missing) Read(TaskInputReader inputs)
    {
        var environment = inputs.Environment;
        var collection = environment.Variable("System.CollectionUri") ?? environment.Variable("System.TeamFoundationCollectionUri");
        var project = environment.Variable("System.TeamProjectId") ?? environment.Variable("System.TeamProject");
        var buildId = environment.Variable("Build.BuildId");
        var token = inputs.Endpoint(SystemConnection)?.Parameter("ACCESSTOKEN");
        string? missing = collection is null ? "the variable System.CollectionUri"
            : project is null ? "the variable System.TeamProjectId"
            : buildId is null ? "the variable Build.BuildId"
            : token is null ? "the job's access token (SYSTEMVSSCONNECTION)"
            : !Uri.TryCreate(collection, UriKind.Absolute, out _) ? $"a usable System.CollectionUri ('{collection}')"
            : null;
        if (missing is not null)
        {
            return (null, missing);
        }

        var job = new AzureDevOpsJob(new Uri(collection!), project!, buildId!, environment.Variable("System.JobId"), environment.Variable("System.TaskInstanceId"), new Secret(token!));
        if (environment.Variable("System.HostType") is "release" or "deployment")
        {
            // A release job's system connection points at the release host (vsrm), where the release API lives.
            var server = inputs.Endpoint(SystemConnection)?.Url ?? environment.Variable("System.TeamFoundationServerUri");
            var releaseId = environment.Variable("Release.ReleaseId");
            var environmentId = environment.Variable("Release.EnvironmentId");
            if (server is null || releaseId is null || environmentId is null || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri))
            {
                return (null, "the release's id, environment and host (Release.ReleaseId, Release.EnvironmentId, the system connection's URL)");
            }

            job = job with
            {
                Release = new ReleaseJob(serverUri, releaseId, environmentId, environment.Variable("Release.DeploymentID"), environment.Variable("Release.AttemptNumber"), environment.Variable("Release.ReleaseWebURL")),
            };
        }

        return (job, null);
    }

    /// <summary>The client for this job's API: the release host in a classic release, the collection otherwise.</summary>
    public AzureDevOpsClient CreateClient() => new(Release?.ServerUri ?? CollectionUri, AccessToken.Reveal());

    /// <summary>The web page of a step's log: the run's results page, on the job and the step.</summary>
    public string StepLogUrl(string recordId) =>
        $"{CollectionUri.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(Project)}/_build/results?buildId={Uri.EscapeDataString(BuildId)}&view=logs"
        + (JobId is null ? "" : $"&j={Uri.EscapeDataString(JobId)}") + $"&t={Uri.EscapeDataString(recordId)}";
}

/// <summary>A classic release job: the release host (vsrm), the release and environment, and this deployment attempt.</summary>
public sealed record ReleaseJob(Uri ServerUri, string ReleaseId, string EnvironmentId, string? DeploymentId, string? Attempt, string? WebUrl);
