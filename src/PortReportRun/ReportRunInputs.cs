using Port.Client;
using Port.Client.Models;
using Port.Tasks.Common;

namespace Port.Tasks.ReportRun;

/// <summary>The inputs of PortReportRun@1, with the pipeline facts it needs (job status, run URL) read once.</summary>
public sealed record ReportRunInputs(
    PortConnection Connection,
    string RunId,
    string Status,
    string? StatusLabel,
    string? Summary,
    IReadOnlyList<string> Links,
    string? ExternalRunId,
    string? LogMessage,
    string? PipelineRunName,
    bool FailIfRunEnded = true) : ITaskInputs<ReportRunInputs>
{
    /// <summary>Whether to read and report which steps failed: status auto, a failed or canceled job, and failureDetails on.</summary>
    public bool ReportFailedSteps { get; init; }

    /// <summary>This job in Azure DevOps, when <see cref="ReportFailedSteps"/>; null with <see cref="JobMissing"/> saying why.</summary>
    public AzureDevOpsJob? Job { get; init; }

    public string? JobMissing { get; init; }

    public const string Auto = "auto";
    public static readonly IReadOnlyList<string> Statuses = [Auto, RunStatus.Success, RunStatus.Failure, RunStatus.InProgress];

    public bool Ends => Status is RunStatus.Success or RunStatus.Failure;

    public InputBlame? Blame(PortErrorSubject subject) =>
        subject is PortErrorSubject.Run or PortErrorSubject.RunEnded ? new("runId", RunId) : null;

    public static ReportRunInputs Parse(TaskInputReader inputs)
    {
        var environment = inputs.Environment;
        var runId = PortRunId.Read(inputs, required: true)!;
        var chosen = inputs.Choice("status", Statuses, Auto);
        var withIssues = inputs.Choice("succeededWithIssuesAs", [RunStatus.Success, RunStatus.Failure], RunStatus.Success);
        var status = chosen == Auto ? FromJobResult(JobResults.Read(environment, "SUCCESS, FAILURE or IN_PROGRESS"), withIssues) : chosen;

        var links = inputs.List("link");
        if (links.Count == 0 && PipelineRunUrl(environment) is { } runUrl)
        {
            links = [runUrl];
        }

        foreach (var link in links)
        {
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new TaskInputException("link", $"holds '{link}', which is not an http(s) URL; give one URL, or several separated by commas or new lines.");
            }
        }

        var pipelineRun = environment.Variable("Build.BuildNumber") is { } number
            ? $"{environment.Variable("Build.DefinitionName") ?? "Pipeline"} {number}"
            : null;

        var reportFailedSteps = inputs.Bool("failureDetails", true) && chosen == Auto && status == RunStatus.Failure;
        var (job, jobMissing) = reportFailedSteps ? AzureDevOpsJob.Read(inputs) : (null, null);
        return new ReportRunInputs(PortConnectionResolver.Resolve(inputs), runId, status, inputs.String("statusLabel"), inputs.String("summary"),
            links, inputs.String("externalRunId"), inputs.String("logMessage"), pipelineRun, inputs.Bool("failIfRunEnded", true))
        {
            ReportFailedSteps = reportFailedSteps,
            Job = job,
            JobMissing = jobMissing,
        };
    }

    /// <summary>The job's result → Port: Succeeded → SUCCESS; Failed, Canceled → FAILURE; SucceededWithIssues → as chosen.</summary>
    public static string FromJobResult(JobResult result, string succeededWithIssuesAs) => result switch
    {
        JobResult.Succeeded => RunStatus.Success,
        JobResult.SucceededWithIssues => succeededWithIssuesAs,
        _ => RunStatus.Failure,
    };

    /// <summary>This pipeline run's results page: {System.CollectionUri}{System.TeamProject}/_build/results?buildId={Build.BuildId}.</summary>
    public static string? PipelineRunUrl(Port.Pipelines.TaskEnvironment environment)
    {
        var collection = environment.Variable("System.CollectionUri");
        var project = environment.Variable("System.TeamProject");
        var buildId = environment.Variable("Build.BuildId");
        if (collection is null || project is null || buildId is null)
        {
            return null;
        }

        return $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={Uri.EscapeDataString(buildId)}";
    }
}
