using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Port.Ci;
using Port.Emulator;
using Port.Pipelines;

namespace PortCi.Tests;

/// <summary>
/// port-ci report-deployment's lead time from git, in real temporary repositories (dates and identity fixed by
/// environment variables, no global git config read), and its defaults from the CI: what Port received, and the warnings.
/// </summary>
[NonParallelizable]
public class LeadTimeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private PortEmulator _emulator = null!;
    private readonly List<string> _directories = [];

    [OneTimeSetUp]
    public async Task Start() => _emulator = await PortEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _emulator.DisposeAsync();

    [SetUp]
    public void Reset()
    {
        _emulator.Reset();
        _emulator.Journal.Clear();
    }

    [TearDown]
    public void RemoveRepositories()
    {
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }

        _directories.Clear();
    }

    /// <summary>A repository of three commits on main: A 30 h ago, B committed 10 h ago (authored 100 h ago, then rebased), C 2 h ago.</summary>
    private (string Path, string A, string B, string C) History()
    {
        var path = NewDirectory();
        Git(path, "init", "-q", "-b", "main");
        var a = Commit(path, "A", Now.AddHours(-30));
        var b = Commit(path, "B", Now.AddHours(-10), authored: Now.AddHours(-100));
        var c = Commit(path, "C", Now.AddHours(-2));
        return (path, a, b, c);
    }

    [Test]
    public async Task InGitLab_TheLeadTimeRunsFromTheOldestCommitAfterTheBeforeSha_ByItsCommitTime()
    {
        var (repo, a, b, _) = History();

        var result = await ReportAsync(repo, Env(("GITLAB_CI", "true"), ("CI_COMMIT_BEFORE_SHA", a), ("CI_PROJECT_PATH", "shop/checkout"), ("CI_PIPELINE_ID", "900"), ("CI_PIPELINE_IID", "12")));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var sent = Sent();
        Assert.That((double?)sent["properties"]!["lead_time_hours"], Is.EqualTo(10).Within(0.05), "B's commit time: A is excluded, B's authored date is not used");
        Assert.That(result.Stderr, Does.Contain($"from the oldest of 2 commit(s) after {a[..8]} ({b[..8]} at ").And.Contain($"{a[..8]} is GitLab's CI_COMMIT_BEFORE_SHA."));
        Assert.That(result.Stderr, Does.Not.Contain("warning"));
        Assert.That(((string?)sent["identifier"], (string?)sent["title"], (string?)sent["properties"]!["deployment_type"]),
            Is.EqualTo(("shop-checkout-900-production", "shop/checkout 12 to production", "GitLab CI/CD")), "the defaults come from GitLab, not Azure's Build.* variables");
    }

    [TestCase("GITLAB_CI", "CI_COMMIT_BEFORE_SHA", "GitLab's CI_COMMIT_BEFORE_SHA is all zeros")]
    [TestCase("JENKINS_URL", "UNSET", "sets no GIT_PREVIOUS_SUCCESSFUL_COMMIT")]
    [TestCase("CIRCLECI", "UNSET", "CircleCI names no earlier commit")]
    [TestCase("BITBUCKET_BUILD_NUMBER", "UNSET", "Bitbucket Pipelines names no earlier commit")]
    public async Task WithoutAnEarlierCommit_ItIsHeadsCommit_SayingWhy(string ci, string beforeVariable, string why)
    {
        var (repo, _, _, c) = History();

        var result = await ReportAsync(repo, Env((ci, ci == "JENKINS_URL" ? "http://jenkins/" : ci == "BITBUCKET_BUILD_NUMBER" ? "7" : "true"), (beforeVariable, new string('0', 40))));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((double?)Sent()["properties"]!["lead_time_hours"], Is.EqualTo(2).Within(0.05));
        Assert.That(result.Stderr, Does.Contain($"from HEAD's commit ({c[..8]} at ").And.Contain(why));
    }

    [Test]
    public async Task InGitHubActions_APushsBefore_FromTheEventFile_StartsTheRange()
    {
        var (repo, a, _, _) = History();
        var eventFile = Path.Combine(NewDirectory(), "event.json");
        File.WriteAllText(eventFile, new JsonObject { ["before"] = a, ["after"] = "x", ["ref"] = "refs/heads/main" }.ToJsonString());

        var result = await ReportAsync(repo, Env(("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", "push"), ("GITHUB_EVENT_PATH", eventFile), ("GITHUB_WORKFLOW", "deploy"), ("GITHUB_RUN_ID", "7001"), ("GITHUB_RUN_NUMBER", "31")));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var sent = Sent();
        Assert.That((double?)sent["properties"]!["lead_time_hours"], Is.EqualTo(10).Within(0.05));
        Assert.That(result.Stdout + result.Stderr, Does.Contain($"{a[..8]} is the push's before (GITHUB_EVENT_PATH)."));
        Assert.That(((string?)sent["identifier"], (string?)sent["title"], (string?)sent["properties"]!["deployment_type"]),
            Is.EqualTo(("deploy-7001-production", "deploy 31 to production", "GitHub Actions")));
    }

    [TestCase("CIRCLECI=true CIRCLE_PROJECT_REPONAME=checkout CIRCLE_BUILD_NUM=88", "checkout-88-production", "checkout 88 to production", "CircleCI")]
    [TestCase("BITBUCKET_BUILD_NUMBER=77 BITBUCKET_REPO_SLUG=checkout", "checkout-77-production", "checkout 77 to production", "Bitbucket Pipelines")]
    [TestCase("JENKINS_URL=http://j/ JOB_NAME=shop/deploy BUILD_NUMBER=5", "shop-deploy-5-production", "shop/deploy 5 to production", "Jenkins")]
    [TestCase("TF_BUILD=True BUILD_DEFINITIONNAME=shop_ci BUILD_BUILDID=1042 BUILD_BUILDNUMBER=20261123.4 GITHUB_RUN_ID=1", "shop_ci-1042-production", "shop_ci 20261123.4 to production", "Azure Pipelines")]
    public async Task TheDefaults_AreThisCisPipelineAndRun(string variables, string identifier, string title, string deploymentType)
    {
        var result = await ReportAsync(NewDirectory(), Env([.. variables.Split(' ').Select(v => (v.Split('=')[0], v.Split('=')[1]))]), "--lead-time-hours", "1");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var sent = Sent();
        Assert.That(((string?)sent["identifier"], (string?)sent["title"], (string?)sent["properties"]!["deployment_type"]), Is.EqualTo((identifier, title, deploymentType)));
    }

    [Test]
    public async Task AGivenDeploymentType_WinsOverTheCisName()
    {
        var result = await ReportAsync(NewDirectory(), Env(("GITLAB_CI", "true")), "--lead-time-hours", "1", "--deployment-type", "canary");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((string?)Sent()["properties"]!["deployment_type"], Is.EqualTo("canary"));
    }

    [TestCase("push", true, "The push's before is all zeros")]
    [TestCase("workflow_dispatch", false, "only for a push, and this run is a workflow_dispatch")]
    public async Task InGitHubActions_ANewBranchOrAnotherEvent_IsHeadsCommit(string eventName, bool zeros, string why)
    {
        var (repo, a, _, _) = History();
        var eventFile = Path.Combine(NewDirectory(), "event.json");
        File.WriteAllText(eventFile, new JsonObject { ["before"] = zeros ? new string('0', 40) : a }.ToJsonString());

        var result = await ReportAsync(repo, Env(("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", eventName), ("GITHUB_EVENT_PATH", eventFile)));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((double?)Sent()["properties"]!["lead_time_hours"], Is.EqualTo(2).Within(0.05));
        Assert.That(result.Stdout + result.Stderr, Does.Contain("from HEAD's commit").And.Contain(why));
    }

    [Test]
    public async Task SinceCommit_AnAbbreviatedSha_WinsOverTheCis()
    {
        var (repo, a, b, _) = History();

        var result = await ReportAsync(repo, Env(("GITLAB_CI", "true"), ("CI_COMMIT_BEFORE_SHA", b)), "--since-commit", a[..7]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((double?)Sent()["properties"]!["lead_time_hours"], Is.EqualTo(10).Within(0.05), "B, the oldest after A; with GitLab's before (B) it would be C, 2 h");
        Assert.That(result.Stderr, Does.Contain($"{a[..8]} is the commit --since-commit gives."));
    }

    [Test]
    public async Task InAPlainShell_TheDeploymentTypeIsPortCi_AndHeadsCommitStarts()
    {
        var (repo, _, _, _) = History();

        var result = await ReportAsync(repo, Env());

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((string?)Sent()["properties"]!["deployment_type"], Is.EqualTo("port-ci"));
        Assert.That((double?)Sent()["properties"]!["lead_time_hours"], Is.EqualTo(2).Within(0.05));
        Assert.That(result.Stderr, Does.Contain("No CI was detected to name an earlier commit"));
    }

    [Test]
    public async Task AShallowCloneWithoutTheBeforeCommit_LeavesTheLeadTimeOut_SayingHowToFetchIt()
    {
        var (origin, a, _, _) = History();
        var clone = Clone(origin, "--depth", "1");

        var result = await ReportAsync(clone, Env(("GITLAB_CI", "true"), ("CI_COMMIT_BEFORE_SHA", a)));

        Assert.That(result.ExitCode, Is.Zero, "a warning, never a failure: " + result);
        Assert.That(Sent()["properties"]!.AsObject().ContainsKey("lead_time_hours"), Is.False, "never guessed from the commits the clone has");
        Assert.That(result.Stderr, Does.Contain($"warning: The lead time is left out: {a[..8]} (GitLab's CI_COMMIT_BEFORE_SHA) is not in this shallow clone")
            .And.Contain("GIT_DEPTH: 0").And.Contain("--since-commit SHA or --lead-time-hours HOURS"));
        Assert.That((string?)result.Outputs["leadTimeHours"], Is.Empty);
    }

    [Test]
    public async Task AShallowCloneHoldingTheBeforeCommit_ButNotWhatLiesBetween_IsNotAGuessEither()
    {
        var (origin, a, _, _) = History();
        Git(origin, "branch", "previous", a);
        var clone = Clone(origin, "--depth", "1", "--no-single-branch"); // A and C, each cut from its parents

        var result = await ReportAsync(clone, Env(("GITHUB_ACTIONS", "true")), "--since-commit", a);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Sent()["properties"]!.AsObject().ContainsKey("lead_time_hours"), Is.False, "C alone (2 h) would be a guess: B is beyond the clone's edge");
        Assert.That(result.Stdout, Does.Contain("::warning::The lead time is left out: this shallow clone's history ends before it reaches")
            .And.Contain("actions/checkout with fetch-depth: 0"));
    }

    [Test]
    public async Task AnUnknownCommit_OrNoCommitDelivered_LeavesTheLeadTimeOut()
    {
        var (repo, _, _, c) = History();

        var unknown = await ReportAsync(repo, Env(), "--since-commit", "deadbeef");
        var unknownSent = Sent();
        _emulator.Journal.Clear();
        var none = await ReportAsync(repo, Env(), "--since-commit", c);

        Assert.That((unknown.ExitCode, none.ExitCode), Is.EqualTo((0, 0)), unknown + "\n" + none);
        Assert.That(unknownSent["properties"]!.AsObject().ContainsKey("lead_time_hours"), Is.False);
        Assert.That(unknown.Stderr, Does.Contain("The lead time is left out: deadbeef (the commit --since-commit gives) is not a commit of this repository"));
        Assert.That(Sent()["properties"]!.AsObject().ContainsKey("lead_time_hours"), Is.False);
        Assert.That(none.Stderr, Does.Contain($"this run delivers no commit after {c[..8]}"));
    }

    [Test]
    public async Task OutsideAGitCheckout_TheLeadTimeIsLeftOut_WithGitsReason()
    {
        var result = await ReportAsync(NewDirectory(), Env());

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Sent()["properties"]!.AsObject().ContainsKey("lead_time_hours"), Is.False);
        Assert.That(result.Stderr, Does.Contain("is not a git checkout (fatal: not a git repository"));
    }

    [Test]
    public async Task AGivenLeadTime_IsSentAsGiven_WithoutGit()
    {
        var result = await ReportAsync(NewDirectory(), Env(), "--lead-time-hours", "5.25");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((double?)Sent()["properties"]!["lead_time_hours"], Is.EqualTo(5.25));
        Assert.That(result.Stderr, Does.Not.Contain("git"));
    }

    [Test]
    public async Task WithoutGit_TheLeadTimeIsUnknown_SayingSo()
    {
        var (repo, _, _, _) = History();

        var start = await new GitLeadTime(new GitLeadTime.Since(null, "none"), CiSystem.Plain, repo, git: "/nonexistent/git").FindAsync(CancellationToken.None);

        Assert.That(start.UnknownBecause, Does.StartWith("git could not be started ("));
    }

    [TestCase("report-deployment", "HEAD~3", "error: port-ci report-deployment: the flag --since-commit is 'HEAD~3', which is not a commit SHA")]
    [TestCase("report-deployment", "abc", "error: port-ci report-deployment: the flag --since-commit is 'abc', which")]
    [TestCase("upsert-entity", "abcdef1", "error: port-ci upsert-entity: unknown flag --since-commit.")]
    public async Task SinceCommit_IsCheckedBeforeAnythingIsSent(string command, string value, string expected)
    {
        var result = await RunAsync(Environment.CurrentDirectory, Env(), command, "--since-commit", value, "--environment", "production");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.StartWith(expected));
        Assert.That(_emulator.Journal.ToJson(), Is.Empty);
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonObject Outputs => JsonNode.Parse(Stdout.TrimEnd('\n').Split('\n')[^1])!.AsObject();

        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private Dictionary<string, string> Env(params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string> { ["PORT_CLIENT_ID"] = "demo-client-id", ["PORT_CLIENT_SECRET"] = "demo-client-secret", ["PORT_BASE_URL"] = _emulator.BaseUrl };
        foreach (var (name, value) in variables.Where(v => v.Name != "UNSET"))
        {
            environment[name] = value;
        }

        return environment;
    }

    private Task<Result> ReportAsync(string directory, Dictionary<string, string> environment, params string[] flags) =>
        RunAsync(directory, environment, ["report-deployment", "--environment", "production", "--status", "success", .. flags]);

    /// <summary>port-ci in-process, in <paramref name="directory"/> as its current directory (git reads the checkout there).</summary>
    private static async Task<Result> RunAsync(string directory, Dictionary<string, string> environment, params string[] args)
    {
        var before = Environment.CurrentDirectory;
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        Environment.CurrentDirectory = directory;
        try
        {
            var code = await PortCli.RunAsync(args, new DictionaryEnvironment(environment), new StringReader(""), stdout, stderr);
            return new Result(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    /// <summary>The one deployment Port received.</summary>
    private JsonObject Sent() => _emulator.Journal.ToJson()
        .Single(r => (string?)r!["method"] == "POST" && ((string?)r["path"])!.EndsWith("/blueprints/dora_deployment/entities", StringComparison.Ordinal))!["body"]!.AsObject();

    private string NewDirectory()
    {
        var path = Directory.CreateTempSubdirectory("port-ci-git-").FullName;
        _directories.Add(path);
        return path;
    }

    private string Clone(string origin, params string[] options)
    {
        var clone = NewDirectory();
        Git(clone, ["clone", "-q", .. options, new Uri(origin).AbsoluteUri, "."]);
        return clone;
    }

    private static string Commit(string repo, string message, DateTimeOffset committed, DateTimeOffset? authored = null)
    {
        Git(repo, new Dictionary<string, string>
        {
            ["GIT_AUTHOR_DATE"] = $"@{(authored ?? committed).ToUnixTimeSeconds()} +0000",
            ["GIT_COMMITTER_DATE"] = $"@{committed.ToUnixTimeSeconds()} +0000",
        }, "commit", "-q", "--allow-empty", "-m", message);
        return Git(repo, "rev-parse", "HEAD");
    }

    private static string Git(string repo, params string[] args) => Git(repo, new Dictionary<string, string>(), args);

    /// <summary>git with a fixed identity and no global or system config, so the tests neither read nor touch the machine's.</summary>
    private static string Git(string repo, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("git", args) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in new Dictionary<string, string>(environment)
        {
            ["GIT_AUTHOR_NAME"] = "Dev", ["GIT_AUTHOR_EMAIL"] = "dev@example.com", ["GIT_COMMITTER_NAME"] = "Dev", ["GIT_COMMITTER_EMAIL"] = "dev@example.com",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1",
        })
        {
            start.Environment[name] = value;
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.Zero, $"git {string.Join(' ', args)}: {error}");
        return output.Result.Trim();
    }
}
