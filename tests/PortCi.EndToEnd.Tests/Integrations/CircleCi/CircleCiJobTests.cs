namespace EndToEnd.Cli.Integrations;

/// <summary>
/// Jobs that use the packed orb, run as CircleCI runs them (<see cref="CircleCiJob"/>) against the emulator, with
/// port-ci installed by the orb's own install command from the built archive, served as a release serves it.
/// </summary>
[Platform(Exclude = "Win", Reason = "CircleCI's run steps are bash, as on its Linux executors")]
public class CircleCiJobTests : CliTest
{
    private PortCi.Tests.StaticFileServer _release = null!;
    private string _cache = null!;

    [SetUp]
    public void StartRelease()
    {
        _release = new PortCi.Tests.StaticFileServer(CliArchive.OutDirectory);
        _cache = Directory.CreateTempSubdirectory("circleci-cache-").FullName;
    }

    [TearDown]
    public void StopRelease()
    {
        _release.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    private string Install => $"""
        - port/install:
            download_url: {_release.Url}
        """;

    /// <summary>A config with one job, build, whose steps are the blocks (each a YAML list, at any indentation).</summary>
    private static string Config(params string[] blocks)
    {
        var steps = string.Join("\n", blocks.Select(block =>
        {
            var lines = block.Split('\n');
            var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            return string.Join("\n", lines.Select(l => l.Trim().Length == 0 ? "" : "      " + l[indent..]));
        }));
        return $"""
        version: 2.1
        orbs:
          port: port-for-azure-pipelines/port@1
        jobs:
          build:
            executor: port/default
            environment:
              CIRCLE_PROJECT_REPONAME: checkout
              CIRCLE_BUILD_NUM: "34"
            steps:
        {steps}
        workflows:
          main:
            jobs:
              - build:
                  context: port
        """;
    }

    private CircleCiJob NewJob() => new(Emulator.BaseUrl, _cache);

    [Test]
    public void EveryCommand_RunsFromTheOrb_AndLaterStepsReadItsOutputs()
    {
        using var job = NewJob();

        job.Run(Config(Install, """
                  - checkout
                  - port/upsert_entity:
                      blueprint: microservice
                      identifier: orb-$CIRCLE_BUILD_NUM
                      title: Built by ${CIRCLE_PROJECT_REPONAME}'s $NOT_SET
                      properties: '{"version": "2.0.$CIRCLE_BUILD_NUM"}'
                  - port/get_entity:
                      blueprint: microservice
                      identifier: orb-34
                      name: svc
                  - run:
                      name: Use the entity
                      command: echo "seen $PORT_SVC_TITLE at $PORT_SVC_PROPERTY_VERSION, upserted $PORT_IDENTIFIER"
                  - port/create_run:
                      action: rotate_secrets
                      entity: orb-34
                  - port/report_run:
                      run_id: $PORT_CREATED_RUN_ID
                      summary: Rotated by the orb
                  - port/report_deployment:
                      when: always
                      environment: production
                  - port/delete_entity:
                      blueprint: microservice
                      identifier: orb-34
                  - run:
                      name: Where port-ci is
                      command: command -v port-ci
        """), "build");

        Assert.That(job.Failed, Is.False, job.ToString());
        Assert.That(job.Ran("Use the entity").Stdout, Does.Contain("seen Built by checkout's $NOT_SET at 2.0.34, upserted orb-34"),
            "parameters expanded the job's variables (an unset one stays as written); a later step read the outputs from $BASH_ENV, get_entity's under its name");
        Assert.That(job.Ran("Where port-ci is").Stdout.Trim(), Is.EqualTo(Path.Combine(job.Ci.Workspace, ".port-ci", "bin", "port-ci")), "installed by the orb into ~/.port-ci/bin, on PATH");
        var state = Emulator.State;
        Assert.That(state.EntitiesOf("microservice").ContainsKey("orb-34"), Is.False, "deleted");
        var runId = job.Ran("Port: run a self-service action").Outputs["runId"]!.ToString();
        Assert.That(((string?)state.Runs[runId]["status"], (string?)state.Runs[runId]["summary"]), Is.EqualTo(("SUCCESS", "Rotated by the orb")),
            "report_run's status auto after a successful job is SUCCESS, to the run create_run started");
        var deployment = state.EntitiesOf("dora_deployment").Values.Single();
        Assert.That((string?)deployment["properties"]!["status"], Is.EqualTo("success"));
        Assert.That((string?)deployment["properties"]!["deployment_type"], Is.EqualTo("CircleCI"), "with deployment_type left empty, port-ci names the CI it runs in");
        Assert.That((double?)deployment["properties"]!["lead_time_hours"], Is.InRange(1.9, 2.2), "the lead time from the checkout's commit, two hours old");
        CliInCiTests.AssertNoSecretShows(job.Ci);
    }

    [Test]
    public void AfterAFailingStep_ReportRunOnFail_ReportsFailure_AndTheOnSuccessOneIsSkipped()
    {
        using var job = NewJob();
        // The credentials in variables of other names, as a context may hold them.
        job.Ci.Variables.Remove("PORT_CLIENT_ID");
        job.Ci.Variables.Remove("PORT_CLIENT_SECRET");
        job.Ci.Variables["ACME_PORT_ID"] = SimulatedCi.ClientId;
        job.Ci.Variables["ACME_PORT_SECRET"] = SimulatedCi.ClientSecret;

        job.Run(Config(Install, """
                  - port/create_run:
                      action: rotate_secrets
                      entity: checkout
                      client_id: ACME_PORT_ID
                      client_secret: ACME_PORT_SECRET
                  - run:
                      name: Deploy
                      command: echo deploying; exit 3
                  - port/report_run:
                      run_id: $PORT_CREATED_RUN_ID
                      summary: Deployed
                      client_id: ACME_PORT_ID
                      client_secret: ACME_PORT_SECRET
                  - port/report_run:
                      when: on_fail
                      run_id: $PORT_CREATED_RUN_ID
                      summary: The deployment failed
                      client_id: ACME_PORT_ID
                      client_secret: ACME_PORT_SECRET
        """), "build");

        Assert.That(job.Failed, Is.True);
        Assert.That(job.Steps.Select(s => (s.Name, s.Run?.ExitCode)), Is.EqualTo(new (string, int?)[]
        {
            ("Port: put port-ci's folder on PATH", 0), ("Port: restore port-ci from the cache", null), ("Install port-ci", 0), ("Port: save port-ci in the cache", null),
            ("Port: run a self-service action", 0), ("Deploy", 3),
            ("Port: note that the job has failed", 0), ("Port: report action run", null),
            ("Port: note that the job has failed", 0), ("Port: report action run", 0),
        }), job.ToString());
        Assert.That(job.Steps[^3].Note, Is.EqualTo("skipped (when: on_success)"));
        var runId = job.Steps.Single(s => s.Name == "Port: run a self-service action").Run!.Outputs["runId"]!.ToString();
        var run = Emulator.State.Runs[runId];
        Assert.That(((string?)run["status"], (string?)run["summary"]), Is.EqualTo(("FAILURE", "The deployment failed")), job.ToString());
        Assert.That(job.Steps[^1].Run!.Stdout, Does.Contain("status auto: the job's steps have not succeeded so far, so the status is FAILURE."));
        CliInCiTests.AssertNoSecretShows(job.Ci);
    }

    [Test]
    public void Install_DownloadsOnce_AndAJobWithTheCacheDownloadsNothing()
    {
        using var first = NewJob();
        using var second = NewJob();
        var config = Config(Install, """
                  - run:
                      name: Version
                      command: port-ci --version
        """);
        var archive = "/" + Path.GetFileName(CliArchive.ArchivePath);

        first.Run(config, "build");
        var firstRequests = _release.Requests.ToList();
        second.Run(config, "build");

        Assert.That((first.Failed, second.Failed), Is.EqualTo((false, false)), $"{first}\n{second}");
        Assert.That(firstRequests, Is.EqualTo(new[] { "/SHA256SUMS", archive }), "the first job downloads the sums and the archive");
        Assert.That(first.Steps.Select(s => s.Note), Does.Contain("no cache found").And.Contain($"saved port-ci-v1-{CliArchive.Version}-{CircleCiJob.Arch}"));
        Assert.That(second.Steps.Select(s => s.Note), Does.Contain($"restored port-ci-v1-{CliArchive.Version}-{CircleCiJob.Arch}"));
        Assert.That(_release.Requests.Count, Is.EqualTo(2), "the second job downloads nothing");
        Assert.That(second.Ran("Install port-ci").Stdout, Does.Contain($"port-ci {CliArchive.Version} is already installed"));
        Assert.That(second.Ran("Version").Stdout.Trim(), Is.EqualTo($"port-ci {CliArchive.Version}"));
    }

    [Test]
    public void AMissingCredential_FailsTheStep_NamingTheVariable_BeforeAnythingIsSent()
    {
        using var job = NewJob();
        job.Ci.Variables.Remove("PORT_CLIENT_SECRET");

        job.Run(Config(Install, """
                  - port/get_entity:
                      blueprint: microservice
                      identifier: checkout
        """), "build");

        var run = job.Steps[^1].Run!;
        Assert.That(run.ExitCode, Is.EqualTo(2), job.ToString());
        Assert.That(run.Stderr, Does.Contain("the variable PORT_CLIENT_SECRET (client_secret) is not set"));
        Assert.That(Emulator.Journal.ToJson(), Is.Empty, "nothing was sent");
    }

    [Test]
    public void BadInput_FailsTheJob_WithPortCisExitCode2_NamingTheFlag()
    {
        using var job = NewJob();

        job.Run(Config(Install, """
                  - port/upsert_entity:
                      blueprint: microservice
                      identifier: checkout
                      parallel_requests: "99"
                      entities_file: none.ndjson
        """), "build");

        var run = job.Steps[^1].Run!;
        Assert.That((job.Failed, run.ExitCode), Is.EqualTo((true, 2)), job.ToString());
        Assert.That(run.Stderr, Does.Contain("--parallel-requests").Or.Contain("--entities-file"), run.ToString());
        Assert.That(Emulator.Journal.ToJson(), Is.Empty, "nothing was sent");
    }
}
