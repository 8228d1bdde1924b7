using Port.Pipelines;

namespace Port.Ci;

/// <summary>The CI a step runs in, told by the variables each CI sets in every job; Plain for a shell or an unknown CI.</summary>
public enum CiSystem
{
    Plain,
    GitHubActions,
    AzurePipelines,
    CircleCi,
    GitLab,
    Bitbucket,
    Jenkins,
}

public static class CiDetection
{
    public static CiSystem Detect(IEnvironment environment) =>
        Is(environment, "GITHUB_ACTIONS", "true") ? CiSystem.GitHubActions
        : Is(environment, "TF_BUILD", "true") ? CiSystem.AzurePipelines
        : Is(environment, "CIRCLECI", "true") ? CiSystem.CircleCi
        : Is(environment, "GITLAB_CI", "true") ? CiSystem.GitLab
        : !string.IsNullOrEmpty(environment.Get("BITBUCKET_BUILD_NUMBER")) ? CiSystem.Bitbucket
        : !string.IsNullOrEmpty(environment.Get("JENKINS_URL")) ? CiSystem.Jenkins
        : CiSystem.Plain;

    private static bool Is(IEnvironment environment, string name, string value) =>
        string.Equals(environment.Get(name), value, StringComparison.OrdinalIgnoreCase);
}
