using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// What a CI tells a step of its job: the job's result so far (in the Azure agent's words, which the commands read as
/// <c>Agent.JobStatus</c>), where a step can see it, and the job's page, the default link of a Port run.
/// </summary>
public static class CiJob
{
    /// <summary>Succeeded, Failed or Canceled; null where no step can see the job's result.</summary>
    public static string? Status(CiSystem ci, IEnvironment environment) => ci switch
    {
        // GitLab gives it to after_script only.
        CiSystem.GitLab => environment.Get("CI_JOB_STATUS")?.ToLowerInvariant() switch
        {
            "success" => "Succeeded",
            "failed" => "Failed",
            "canceled" or "canceling" => "Canceled",
            _ => null,
        },
        // Bitbucket gives the exit code of the step's script to its after-script.
        CiSystem.Bitbucket => int.TryParse(environment.Get("BITBUCKET_EXIT_CODE"), out var code) ? code == 0 ? "Succeeded" : "Failed" : null,
        CiSystem.AzurePipelines => environment.Get("AGENT_JOBSTATUS"),
        _ => null,
    };

    /// <summary>The job's page in the CI; null where the CI does not say (Azure's is built by the command itself).</summary>
    public static string? Url(CiSystem ci, IEnvironment environment) => ci switch
    {
        CiSystem.GitHubActions => Join(environment, "{0}/{1}/actions/runs/{2}", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"),
        CiSystem.GitLab => environment.Get("CI_JOB_URL"),
        CiSystem.CircleCi => environment.Get("CIRCLE_BUILD_URL"),
        CiSystem.Bitbucket => Join(environment, "https://bitbucket.org/{0}/{1}/pipelines/results/{2}", "BITBUCKET_WORKSPACE", "BITBUCKET_REPO_SLUG", "BITBUCKET_BUILD_NUMBER"),
        CiSystem.Jenkins => environment.Get("BUILD_URL"),
        _ => null,
    };

    /// <summary>The CI's name as its users write it: a deployment's default deployment_type.</summary>
    public static string Name(CiSystem ci) => ci switch
    {
        CiSystem.GitHubActions => "GitHub Actions",
        CiSystem.AzurePipelines => "Azure Pipelines",
        CiSystem.CircleCi => "CircleCI",
        CiSystem.GitLab => "GitLab CI/CD",
        CiSystem.Bitbucket => "Bitbucket Pipelines",
        CiSystem.Jenkins => "Jenkins",
        _ => "port-ci",
    };

    /// <summary>
    /// This run as the CI names it, in the words of Azure's Build.DefinitionName, Build.BuildId and Build.BuildNumber:
    /// the pipeline, a run id that stays the same when a job is re-run where the CI has one (GitHub's run id, GitLab's
    /// pipeline id, Bitbucket's build number), and the run's number as the CI's pages show it. Null where the CI says nothing.
    /// </summary>
    public static (string? Pipeline, string? RunId, string? RunNumber) Run(CiSystem ci, IEnvironment environment) => ci switch
    {
        CiSystem.GitHubActions => (environment.Get("GITHUB_WORKFLOW"), environment.Get("GITHUB_RUN_ID"), environment.Get("GITHUB_RUN_NUMBER")),
        CiSystem.GitLab => (environment.Get("CI_PROJECT_PATH"), environment.Get("CI_PIPELINE_ID"), environment.Get("CI_PIPELINE_IID")),
        CiSystem.CircleCi => (environment.Get("CIRCLE_PROJECT_REPONAME"), environment.Get("CIRCLE_BUILD_NUM"), null),
        CiSystem.Bitbucket => (environment.Get("BITBUCKET_REPO_SLUG"), environment.Get("BITBUCKET_BUILD_NUMBER"), null),
        CiSystem.Jenkins => (environment.Get("JOB_NAME"), environment.Get("BUILD_NUMBER"), null),
        _ => (null, null, null),
    };

    /// <summary>Where a step can see its job's result, for the message when <c>--status auto</c> has none.</summary>
    public const string WhereStatusIsSeen = "GitLab's after_script (CI_JOB_STATUS), Bitbucket's after-script (BITBUCKET_EXIT_CODE) and Azure Pipelines (Agent.JobStatus)";

    private static string? Join(IEnvironment environment, string format, params string[] names)
    {
        var values = names.Select(environment.Get).ToArray();
        return values.All(v => !string.IsNullOrEmpty(v)) ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, values) : null;
    }
}
