using System.Text;
using System.Text.Json.Nodes;
using Port.Ci;
using Port.Emulator;
using Port.Pipelines;

namespace PortCi.Tests;

/// <summary>port-ci commands against the Port emulator on loopback: stdout, stderr, exit codes and what Port received.</summary>
[NonParallelizable]
public class RunTests
{
    private PortEmulator _emulator = null!;

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

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonObject Outputs => JsonNode.Parse(Stdout)!.AsObject();

        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private async Task<Result> RunAsync(Dictionary<string, string>? environment, string stdin, params string[] args)
    {
        environment ??= new Dictionary<string, string> { ["PORT_CLIENT_ID"] = "demo-client-id", ["PORT_CLIENT_SECRET"] = "demo-client-secret" };
        environment.TryAdd("PORT_BASE_URL", _emulator.BaseUrl);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = await PortCli.RunAsync(args, new DictionaryEnvironment(environment), new StringReader(stdin), stdout, stderr);
        return new Result(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private Task<Result> RunAsync(params string[] args) => RunAsync(null, "", args);

    [Test]
    public async Task GetEntity_PrintsItsOutputsAsOneJsonObject_AndLogsOnStderr()
    {
        var result = await RunAsync("get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout.TrimEnd(), Does.Not.Contain("\n"), "one line");
        Assert.That((string?)result.Outputs["property_version"], Is.EqualTo("1.4.0"));
        Assert.That((string?)result.Outputs["found"], Is.EqualTo("true"));
        Assert.That(result.Stderr, Does.Contain("Read entity 'checkout' of blueprint 'microservice'."));
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("demo-client-secret"));
        foreach (var token in _emulator.Tokens.Issued)
        {
            Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(token));
        }
    }

    [Test]
    public async Task UpsertEntity_WithTheSecretFromStdin_WritesTheEntity()
    {
        var result = await RunAsync(new Dictionary<string, string>(), "demo-client-secret\n",
            "upsert-entity", "--client-id", "demo-client-id", "--client-secret-stdin", "--blueprint", "microservice", "--identifier", "cli-svc",
            "--properties", """{"version": "2.0.0"}""", "--debug");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((string?)_emulator.State.EntitiesOf("microservice")["cli-svc"]["properties"]!["version"], Is.EqualTo("2.0.0"));
        Assert.That((string?)result.Outputs["identifier"], Is.EqualTo("cli-svc"));
        Assert.That(result.Stderr, Does.Contain("debug: "), "--debug logs the requests");
        Assert.That(result.Stderr, Does.Not.Contain("demo-client-secret"));
    }

    [Test]
    public async Task BadInput_Exits2_NamingTheFlag_BeforeAnythingIsSent()
    {
        var result = await RunAsync("upsert-entity", "--blueprint", "microservice", "--identifier", "x", "--properties", "[1]");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.StartWith("error: The flag --properties "));
        Assert.That(_emulator.Journal.ToJson(), Is.Empty, "nothing was sent");
        Assert.That(result.Outputs, Is.Empty);
    }

    [Test]
    public async Task PortsRefusal_Exits1_NamingTheFlag()
    {
        var result = await RunAsync("get-entity", "--blueprint", "nope", "--identifier", "checkout");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("error: The flag --blueprint is 'nope', but Port has no such blueprint"));
    }

    [Test]
    public async Task NoCredentials_Exits2_SayingTheWaysToGiveThem()
    {
        var result = await RunAsync(new Dictionary<string, string>(), "", "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("no Port credentials. Set PORT_CLIENT_ID and PORT_CLIENT_SECRET"));
        Assert.That(_emulator.Journal.ToJson(), Is.Empty);
    }

    [Test]
    public async Task PortCliUrlVariable_IsTheApiUrl_WithOrWithoutV1()
    {
        var result = await RunAsync(new Dictionary<string, string>
        {
            ["PORT_CLIENT_ID"] = "demo-client-id", ["PORT_CLIENT_SECRET"] = "demo-client-secret", ["PORT_BASE_URL"] = "", ["PORT_API_URL"] = _emulator.BaseUrl + "/v1",
        }, "", "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    private Dictionary<string, string> Credentials(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["PORT_CLIENT_ID"] = "demo-client-id", ["PORT_CLIENT_SECRET"] = "demo-client-secret" };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Test]
    public async Task InGitHubActions_OutputsGoToGitHubOutput_AndEverySecretIsMasked()
    {
        var githubOutput = Path.GetTempFileName();
        try
        {
            var result = await RunAsync(Credentials(("GITHUB_ACTIONS", "true"), ("GITHUB_OUTPUT", githubOutput)), "", "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            var lines = result.Stdout.TrimEnd('\n').Split('\n');
            Assert.That(lines[..^1], Has.All.StartWith("::"), "stdout holds only workflow commands, then the JSON");
            Assert.That(lines.Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)),
                Is.EquivalentTo(_emulator.Tokens.Issued.Append("demo-client-secret").Select(s => "::add-mask::" + s)), "the client secret and the token masked with GitHub");
            Assert.That(Array.IndexOf(lines, "::add-mask::demo-client-secret"), Is.LessThan(Array.FindIndex(lines, l => l.StartsWith("::group::", StringComparison.Ordinal))),
                "masked before any log line");
            Assert.That(lines, Does.Contain("::group::Read microservice/checkout").And.Contain("::endgroup::"));
            Assert.That((string?)System.Text.Json.Nodes.JsonNode.Parse(lines[^1])!["property_version"], Is.EqualTo("1.4.0"), "the JSON is the last line");
            Assert.That(File.ReadAllText(githubOutput), Does.Match(@"PORT_PROPERTY_VERSION<<ghadelimiter_\w+\n1\.4\.0\n"));
        }
        finally
        {
            File.Delete(githubOutput);
        }
    }

    [Test]
    public async Task InCircleCi_ANamedStepsOutputs_ReachTheNextStepThroughBashEnv()
    {
        var bashEnv = Path.GetTempFileName();
        try
        {
            var result = await RunAsync(Credentials(("CIRCLECI", "true"), ("BASH_ENV", bashEnv)), "", "get-entity", "--name", "service", "--blueprint", "microservice", "--identifier", "checkout");
            var next = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", $"source '{bashEnv}'; printf %s \"$PORT_SERVICE_PROPERTY_VERSION\""]) { RedirectStandardOutput = true })!;
            var seen = await next.StandardOutput.ReadToEndAsync();
            await next.WaitForExitAsync();

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(seen, Is.EqualTo("1.4.0"), "the next step, which CircleCI starts after sourcing $BASH_ENV, sees the output");
            Assert.That(File.ReadAllText(bashEnv), Does.Not.Contain("demo-client-secret"));
        }
        finally
        {
            File.Delete(bashEnv);
        }
    }

    [Test]
    public async Task CreateRun_ExportsTheRunItStarted_AsPortCreatedRunId_LeavingPortRunIdToTheRunThatStartedThePipeline()
    {
        var envFile = Path.Combine(Path.GetTempPath(), $"port-{Guid.NewGuid():N}.env");
        try
        {
            var result = await RunAsync(Credentials(("PORT_RUN_ID", "r_demo_deploy")), "", "create-run", "--action", "rotate_secrets", "--entity", "checkout", "--env-file", envFile);

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            var lines = File.ReadAllLines(envFile);
            Assert.That(lines, Does.Contain($"PORT_CREATED_RUN_ID='{(string?)result.Outputs["runId"]}'"));
            Assert.That(lines, Has.None.StartsWith("PORT_RUN_ID="), "a later step's PORT_RUN_ID is still the run that started the pipeline");
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    [Test]
    public async Task ReportRun_InGitLabsAfterScript_TakesTheJobsResult_AndLinksTheJob()
    {
        const string JobUrl = "https://gitlab.example.com/shop/checkout/-/jobs/4242";
        var result = await RunAsync(Credentials(("GITLAB_CI", "true"), ("CI_JOB_STATUS", "failed"), ("CI_JOB_URL", JobUrl)), "", "report-run", "--run-id", "r_demo_deploy");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((string?)_emulator.Runs.Get("r_demo_deploy")["status"], Is.EqualTo("FAILURE"));
        Assert.That(_emulator.Journal.ToJson().Where(r => (string?)r!["method"] == "PATCH").Select(r => r!["body"]!.ToJsonString()), Has.Some.Contains(JobUrl));
        Assert.That(result.Stderr, Does.Not.Contain("warning:").And.Not.Contain("Azure"), "nothing of Azure's timeline is looked for outside Azure Pipelines");
    }

    [Test]
    public async Task ReportRun_InBitbucketsAfterScript_ASucceededScript_IsSuccess_LinkedToThePipeline()
    {
        var result = await RunAsync(Credentials(("BITBUCKET_BUILD_NUMBER", "77"), ("BITBUCKET_EXIT_CODE", "0"), ("BITBUCKET_WORKSPACE", "shop"), ("BITBUCKET_REPO_SLUG", "checkout")),
            "", "report-run", "--run-id", "r_demo_deploy");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((string?)_emulator.Runs.Get("r_demo_deploy")["status"], Is.EqualTo("SUCCESS"));
        Assert.That(_emulator.Journal.ToJson().Where(r => (string?)r!["method"] == "PATCH").Select(r => r!["body"]!.ToJsonString()),
            Has.Some.Contains("https://bitbucket.org/shop/checkout/pipelines/results/77"));
    }

    [Test]
    public async Task ReportRun_WhereNoStepSeesTheJobsResult_AsksForStatus_BeforeAnythingIsSent()
    {
        var result = await RunAsync(Credentials(("GITHUB_ACTIONS", "true")), "", "report-run", "--run-id", "r_demo_deploy");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--status is auto (its default), which takes the job's result").And.Contain("Give --status SUCCESS, FAILURE or IN_PROGRESS."));
        Assert.That(_emulator.Journal.ToJson(), Is.Empty);
    }

    [Test]
    public async Task InAzurePipelines_AScriptStepGetsOutputVariables_Groups_AndMasking()
    {
        var result = await RunAsync(Credentials(("TF_BUILD", "True")), "", "get-entity", "--blueprint", "microservice", "--identifier", "ghost", "--fail-if-not-found", "false");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.That(lines, Does.Contain("##vso[task.setvariable variable=PORT_FOUND;isOutput=true]false"));
        Assert.That(lines, Does.Contain("##vso[task.setsecret]demo-client-secret"));
        Assert.That(lines, Does.Contain("##[group]Read microservice/ghost").And.Contain("##[endgroup]"));
        Assert.That(lines[..^1], Has.All.StartWith("##"), "stdout holds only what the agent reads, then the JSON");
    }

    [Test]
    public async Task InGitLab_AGroupIsACollapsibleSection_OnStderr()
    {
        var result = await RunAsync(Credentials(("GITLAB_CI", "true")), "", "get-entity", "--blueprint", "microservice", "--identifier", "checkout");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Does.Match(@"\u001b\[0Ksection_start:\d+:port_\w+\[collapsed=true\]\r\u001b\[0KRead microservice/checkout"));
        Assert.That(result.Stderr, Does.Match(@"\u001b\[0Ksection_end:\d+:port_\w+\r"));
        Assert.That(result.Stdout.Trim(), Does.StartWith("{"), "stdout is the JSON alone");
    }

    [Test]
    public async Task UnknownCommand_Exits2_ListingTheCommands()
    {
        var result = await RunAsync("get-entities");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("unknown command 'get-entities'. Commands: upsert-entity, get-entity, delete-entity, report-run, report-deployment, create-run"));
    }
}
