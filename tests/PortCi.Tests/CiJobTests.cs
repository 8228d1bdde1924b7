using Port.Ci;
using Port.Pipelines;

namespace PortCi.Tests;

/// <summary>What each CI tells a step of its job, and which CI a step runs in.</summary>
public class CiJobTests
{
    private static DictionaryEnvironment Env(params string[] pairs) =>
        new(pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]));

    [TestCase(new[] { "GITHUB_ACTIONS=true" }, CiSystem.GitHubActions)]
    [TestCase(new[] { "TF_BUILD=True" }, CiSystem.AzurePipelines)]
    [TestCase(new[] { "CIRCLECI=true" }, CiSystem.CircleCi)]
    [TestCase(new[] { "GITLAB_CI=true" }, CiSystem.GitLab)]
    [TestCase(new[] { "BITBUCKET_BUILD_NUMBER=3" }, CiSystem.Bitbucket)]
    [TestCase(new[] { "JENKINS_URL=http://jenkins/" }, CiSystem.Jenkins)]
    [TestCase(new[] { "CI=true" }, CiSystem.Plain)]
    public void EachCi_IsToldByItsOwnVariable(string[] variables, CiSystem expected) =>
        Assert.That(CiDetection.Detect(Env(variables)), Is.EqualTo(expected));

    [TestCase(CiSystem.GitLab, "CI_JOB_STATUS=success", "Succeeded")]
    [TestCase(CiSystem.GitLab, "CI_JOB_STATUS=failed", "Failed")]
    [TestCase(CiSystem.GitLab, "CI_JOB_STATUS=canceled", "Canceled")]
    [TestCase(CiSystem.GitLab, "CI_JOB_STATUS=running", null)]
    [TestCase(CiSystem.Bitbucket, "BITBUCKET_EXIT_CODE=0", "Succeeded")]
    [TestCase(CiSystem.Bitbucket, "BITBUCKET_EXIT_CODE=2", "Failed")]
    [TestCase(CiSystem.AzurePipelines, "AGENT_JOBSTATUS=SucceededWithIssues", "SucceededWithIssues")]
    [TestCase(CiSystem.GitHubActions, "CI_JOB_STATUS=failed", null)]
    public void JobStatus_InTheAgentsWords_WhereAStepCanSeeIt(CiSystem ci, string variable, string? expected) =>
        Assert.That(CiJob.Status(ci, Env(variable)), Is.EqualTo(expected));

    [Test]
    public void JobUrl_IsEachCisJobPage()
    {
        Assert.That(CiJob.Url(CiSystem.GitHubActions, Env("GITHUB_SERVER_URL=https://github.com", "GITHUB_REPOSITORY=shop/checkout", "GITHUB_RUN_ID=99")),
            Is.EqualTo("https://github.com/shop/checkout/actions/runs/99"));
        Assert.That(CiJob.Url(CiSystem.CircleCi, Env("CIRCLE_BUILD_URL=https://circleci.com/gh/shop/checkout/12")), Is.EqualTo("https://circleci.com/gh/shop/checkout/12"));
        Assert.That(CiJob.Url(CiSystem.Jenkins, Env("BUILD_URL=http://jenkins/job/x/5/")), Is.EqualTo("http://jenkins/job/x/5/"));
        Assert.That(CiJob.Url(CiSystem.GitHubActions, Env("GITHUB_RUN_ID=99")), Is.Null, "not guessed from a part");
    }
}
