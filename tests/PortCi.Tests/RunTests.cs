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

    [Test]
    public async Task UnknownCommand_Exits2_ListingTheCommands()
    {
        var result = await RunAsync("get-entities");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("unknown command 'get-entities'. Commands: upsert-entity, get-entity, delete-entity, report-run, report-deployment, create-run"));
    }
}
