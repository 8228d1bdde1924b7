using System.Diagnostics;
using System.Text.Json.Nodes;

using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// The GitLab CI/CD components (integrations/gitlab): generated from the tasks' task.json and up to date, valid against
/// GitLab's own schema, and run as a pipeline by gitlab-ci-local against the emulator, port-ci installed in each job by
/// install.sh from the archive this run built.
/// </summary>
[Platform(Exclude = "Win", Reason = "gitlab-ci-local runs shell jobs with bash, as GitLab's Linux runners do")]
public class GitLabComponentTests : CliTest
{
    private static readonly string Component = Path.Combine(Repository.Root, "integrations", "gitlab");
    private static readonly string Here = Path.Combine(Repository.Root, "tests", "PortCi.EndToEnd.Tests", "Integrations", "GitLab");
    private static readonly string GitLabCiLocal = Path.Combine(Repository.Root, "node_modules", ".bin", "gitlab-ci-local");
    private static readonly string[] Commands = ["upsert-entity", "get-entity", "delete-entity", "report-run", "report-deployment", "create-run"];

    [Test]
    public void TheTemplatesAndTheReadmesInputs_AreThoseGeneratedFromTaskJson()
    {
        var (code, stdout, stderr) = Repository.Capture("node", ["scripts/gitlab-components.js", "--check"], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(Directory.GetFiles(Path.Combine(Component, "templates")).Select(Path.GetFileNameWithoutExtension), Is.EquivalentTo(Commands), "one component per port-ci command");
    }

    [Test]
    public void EveryTemplate_TheComponentsPipeline_AndTheReadmesYaml_AreValidAgainstGitLabsSchema()
    {
        var files = Directory.GetFiles(Path.Combine(Component, "templates"), "*.yml").Append(Path.Combine(Component, ".gitlab-ci.yml")).Append(Path.Combine(Component, "README.md"));

        var (code, stdout, stderr) = Validate(files);

        Assert.That(code, Is.Zero, stdout + stderr);
    }

    [Test]
    public void TheMainReadmesGitLabBlocks_AreValidAgainstGitLabsSchema()
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-main-readme-").FullName;
        try
        {
            var (code, stdout, stderr) = Validate(ReadmeBlocks.WriteFor("GitLab", folder));

            Assert.That(code, Is.Zero, stdout + stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void TheSchemaCheck_NamesTheFileAndThePath_OfABrokenTemplate()
    {
        var dir = Directory.CreateTempSubdirectory("gitlab-templates-").FullName;
        var templates = Directory.CreateDirectory(Path.Combine(dir, "templates")).FullName;
        var broken = Path.Combine(templates, "get-entity.yml");
        var text = File.ReadAllText(Path.Combine(Component, "templates", "get-entity.yml"));
        File.WriteAllText(broken, text.Replace("      type: boolean\n      default: true", "      type: boolean\n      default: yes please", StringComparison.Ordinal)
            .Replace("  stage: $[[ inputs.stage ]]\n", "  stage: $[[ inputs.stage ]]\n  retry: often\n", StringComparison.Ordinal));
        try
        {
            var (code, _, stderr) = Validate([broken]);

            Assert.That(code, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain($"{broken} (header): /spec/inputs/fail-if-not-found/default must be boolean"), stderr);
            Assert.That(stderr, Does.Contain($"{broken} (jobs): /$[[ inputs.job-name ]]/retry"), stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void APipelineOfEveryComponent_RunsUnderGitlabCiLocal_AndALaterJobReadsTheOutputs_AndReportRunReportsTheFailure_AndAFailedReportSaysSo()
    {
        foreach (var (tool, why) in new[] { (GitLabCiLocal, "gitlab-ci-local is not installed (npm install --no-save gitlab-ci-local@4.70.x)"), ("rsync", "rsync is not installed (apt-get install rsync), and gitlab-ci-local needs it"), ("git", "git is not installed") })
        {
            if (!Path.IsPathRooted(tool) ? FindOnPath(tool) is null : !File.Exists(tool))
            {
                Unavailable(why);
            }
        }

        var releaseFolder = Release();
        using var release = new PortCi.Tests.StaticFileServer(releaseFolder);
        var project = Directory.CreateTempSubdirectory("gitlab-ci-local-").FullName;
        try
        {
            var install = release.Url.TrimEnd('/') + "/install.sh";
            CopyDirectory(Path.Combine(Component, "templates"), Path.Combine(project, "templates"));
            File.WriteAllText(Path.Combine(project, ".gitlab-ci.yml"), $$"""
                stages: [write, read, report, cleanup, check]
                include:
                  - local: templates/upsert-entity.yml
                    inputs:
                      stage: write
                      install-script-url: {{install}}
                      blueprint: microservice
                      identifier: gitlab-service
                      title: 'Service of "GitLab", it''s'
                      properties: '{"version": "3.1.0", "language": "go"}'
                  - local: templates/create-run.yml
                    inputs:
                      stage: write
                      install-script-url: {{install}}
                      action: rotate_secrets
                      entity: checkout
                  - local: templates/get-entity.yml
                    inputs:
                      stage: read
                      install-script-url: {{install}}
                      blueprint: microservice
                      identifier: gitlab-service
                  - local: templates/report-run.yml
                    inputs:
                      stage: report
                      job-name: rollback
                      install-script-url: {{install}}
                      run-id: r_demo_rollback
                      summary: Rolled back from GitLab
                      log-message: "--- rolled back ---"
                      script: ["echo rolling back", "exit 3"]
                  - local: templates/report-run.yml
                    inputs:
                      stage: report
                      job-name: report-unknown-run
                      install-script-url: {{install}}
                      run-id: r_no_such_run
                  - local: templates/report-deployment.yml
                    inputs:
                      stage: report
                      install-script-url: {{install}}
                      identifier: deploy-gitlab
                      environment: production
                      lead-time-hours: "1.5"
                  - local: templates/delete-entity.yml
                    inputs:
                      stage: cleanup
                      install-script-url: {{install}}
                      blueprint: microservice
                      identifier: gitlab-service
                rollback:
                  allow_failure: true
                use:
                  stage: check
                  needs: [port-get-entity, port-create-run, port-delete-entity]
                  script:
                    - echo "seen $PORT_PROPERTY_VERSION of $PORT_TITLE in $PORT_PROPERTY_LANGUAGE; started $PORT_CREATED_RUN_ID; deleted $PORT_DELETED_COUNT"
                """);
            Git(project, "init", "-q");
            Git(project, "add", "-A");
            Git(project, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "pipeline");

            var clock = Stopwatch.StartNew();
            var (code, stdout, stderr) = Repository.Capture(GitLabCiLocal, [
                "--cwd", Path.GetRelativePath(Repository.Root, project), "--home", project, "--shell-isolation", "--no-color",
                "--variable", "GITLAB_CI=true", "--ignore-predefined-vars", "GITLAB_CI", // as a runner sets it (gitlab-ci-local says false)
                "--variable", $"PORT_CLIENT_ID={SimulatedCi.ClientId}",
                "--variable", $"PORT_CLIENT_SECRET={SimulatedCi.ClientSecret}",
                "--variable", $"PORT_BASE_URL={Emulator.BaseUrl}",
                "--variable", $"PORT_CI_DOWNLOAD_URL={release.Url}"],
                new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            TestContext.Out.WriteLine($"gitlab-ci-local ran the pipeline in {clock.Elapsed.TotalSeconds:F1} s");
            var log = stdout + stderr;

            Assert.That(code, Is.Zero, log);
            Assert.That(log, Does.Contain("seen 3.1.0 of Service of \"GitLab\", it's in go; started r_"), "a later job read get-entity's and create-run's outputs from their dotenv reports:\n" + log);
            Assert.That(log, Does.Contain("deleted 1"), log);
            var state = Emulator.State;
            Assert.That(state.EntitiesOf("microservice").ContainsKey("gitlab-service"), Is.False, "delete-entity deleted what upsert-entity wrote");
            var rollback = state.Runs["r_demo_rollback"];
            Assert.That(((string?)rollback["status"], (string?)rollback["summary"]), Is.EqualTo(("FAILURE", "Rolled back from GitLab")), "report-run, in after_script, reported the failed script:\n" + log);
            Assert.That(state.RunLogs["r_demo_rollback"].Select(l => (string?)l["message"]), Does.Contain("--- rolled back ---"), "a value starting with -- reached port-ci as the flag's value");
            Assert.That(log, Does.Contain("ERROR: port-ci report-run did not report to Port"), "a report that failed in after_script, which GitLab ignores, says so");
            var deployment = state.EntitiesOf("dora_deployment")["deploy-gitlab"]["properties"]!;
            Assert.That(((string?)deployment["environment"], (string?)deployment["deployment_type"], (double?)deployment["lead_time_hours"]), Is.EqualTo(("production", "GitLab CI/CD", 1.5)));
            Assert.That(release.Requests, Does.Contain("/install.sh").And.Contain("/SHA256SUMS").And.Contain("/" + Path.GetFileName(CliArchive.ArchivePath)), "install.sh installed the built archive");
            AssertNoSecretShows(log, project);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
            Directory.Delete(releaseFolder, recursive: true);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Validate(IEnumerable<string> files) =>
        Repository.Capture("node", files.Prepend(Path.Combine(Here, "validate-ci.js")), new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

    /// <summary>A folder served as a release serves it: the archive, SHA256SUMS and the working tree's install.sh.</summary>
    private static string Release()
    {
        var dir = Directory.CreateTempSubdirectory("gitlab-release-").FullName;
        File.Copy(CliArchive.ArchivePath, Path.Combine(dir, Path.GetFileName(CliArchive.ArchivePath)));
        File.Copy(Path.Combine(CliArchive.OutDirectory, "SHA256SUMS"), Path.Combine(dir, "SHA256SUMS"));
        File.Copy(Path.Combine(Repository.Root, "install.sh"), Path.Combine(dir, "install.sh"));
        return dir;
    }

    /// <summary>Neither the client secret nor any token the emulator issued is in the log, a job's log or an artifact.</summary>
    private static void AssertNoSecretShows(string log, string project)
    {
        var tokens = Emulator.Tokens.Issued;
        Assert.That(tokens, Is.Not.Empty, "port-ci asked the emulator for tokens");
        var state = Path.Combine(project, ".gitlab-ci-local");
        var files = Directory.EnumerateFiles(Path.Combine(state, "output")).Concat(Directory.EnumerateFiles(Path.Combine(state, "artifacts"), "*", SearchOption.AllDirectories)).ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var secret in tokens.Append(SimulatedCi.ClientSecret))
        {
            Assert.That(log, Does.Not.Contain(secret), "gitlab-ci-local's output shows a secret");
            Assert.That(files.Where(f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)), Is.Empty, "a job's log or artifact holds a secret");
        }
    }

    private static void Git(string dir, params string[] arguments)
    {
        var (code, stdout, stderr) = Repository.Capture("git", arguments.Prepend(dir).Prepend("-C"), new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        Assert.That(code, Is.Zero, stdout + stderr);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>A check this machine cannot run: in CI (CI=true) that fails, so a green CI means it ran; elsewhere it is ignored, saying why.</summary>
    private static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI must run this check, and it cannot run here: {why}");
        }

        Assert.Ignore($"SKIPPED, untested in this run: {why}");
    }
}
