using System.Net;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;

namespace Port.Emulator.Tests;

/// <summary>Port.Client against a real emulator on a free port: the contract end to end, faults included.</summary>
public class ClientIntegrationTests : EmulatorFixture
{
    private PortClient _client = null!;
    private List<string> _warnings = null!;

    [SetUp]
    public void CreateClient()
    {
        _warnings = [];
        _client = new PortClient(new PortClientOptions
        {
            BaseUrl = Emulator.BaseUrl + "/v1",
            ClientId = "demo-client-id",
            ClientSecret = "demo-client-secret",
            BaseDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetries = 3,
            Log = new WarningLog(_warnings),
        });
    }

    [TearDown]
    public void DisposeClient() => _client.Dispose();

    [Test]
    public async Task UpsertGetDelete_RoundTrip()
    {
        var written = await _client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "ledger", ["properties"] = new JsonObject { ["version"] = "1.0.0" } });
        var read = await _client.GetEntityAsync("microservice", "ledger", new GetEntityOptions { Include = ["properties.version"] });
        await _client.DeleteEntityAsync("microservice", "ledger");

        Assert.That((string?)written["identifier"], Is.EqualTo("ledger"));
        Assert.That(read.ToJsonString(), Is.EqualTo("""{"properties":{"version":"1.0.0"}}"""));
        await Assert.ThrowsAsync<PortNotFoundException>(() => _client.GetEntityAsync("microservice", "ledger"));
    }

    [Test]
    public async Task WrongPropertyType_ShowsPortsMessage()
    {
        var ex = await Assert.ThrowsAsync<PortApiException>(() => _client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "x", ["properties"] = new JsonObject { ["replicas"] = "two" } }));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(ex.Message, Is.EqualTo("The property \"replicas\" must be a number, but got a string"));
    }

    [Test]
    public async Task Bulk_45Entities_OneBad_MapsTheErrorToItsIndex()
    {
        var entities = Enumerable.Range(0, 45).Select(i => new JsonObject { ["identifier"] = $"svc-{i}", ["properties"] = new JsonObject { ["replicas"] = i == 30 ? "bad" : i } }).ToList();

        var result = await _client.BulkUpsertEntitiesAsync("microservice", entities);

        Assert.That(result.Entities, Has.Count.EqualTo(44));
        Assert.That(result.Errors.Single().Index, Is.EqualTo(30));
        Assert.That(result.Errors.Single().Identifier, Is.EqualTo("svc-30"));
        Assert.That(Emulator.Journal.ToJson().Count(r => ((string?)r!["path"])!.EndsWith("/bulk")), Is.EqualTo(3));
    }

    [Test]
    public async Task Searches_FindSeededEntities()
    {
        var query = JsonNode.Parse("""{"combinator":"and","rules":[{"property":"$blueprint","operator":"=","value":"microservice"}]}""")!.AsObject();

        var global = await _client.SearchEntitiesAsync(query);
        var paged = await _client.SearchBlueprintEntitiesAsync("microservice", null);

        Assert.That(global.Select(e => (string?)e["identifier"]), Is.EquivalentTo(new[] { "checkout", "inventory" }));
        Assert.That(paged, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RunReporting_EndsTheRunAndThenIs422()
    {
        await _client.UpdateRunAsync("r_demo_deploy", new RunUpdate { StatusLabel = "Deploying", Link = "https://example.test/build/1" });
        await _client.AddRunLogAsync("r_demo_deploy", new RunLogEntry { Message = "done", TerminationStatus = RunStatus.Success, StatusLabel = "Deployed" });
        var run = await _client.GetRunAsync("r_demo_deploy");

        Assert.That(run.Status, Is.EqualTo(RunStatus.Success));
        Assert.That(run.StatusLabel, Is.EqualTo("Deployed"));
        var ex = await Assert.ThrowsAsync<PortApiException>(() => _client.UpdateRunAsync("r_demo_deploy", new RunUpdate { Status = RunStatus.Failure }));
        Assert.That(ex!.Error, Is.EqualTo("run_already_terminated"));
    }

    [Test]
    public async Task InjectedServerErrors_AreRetried()
    {
        Emulator.SetFaults(new FaultSettings { Next = [new ScriptedFault { Status = 503, PathContains = "/entities" }, new ScriptedFault { Status = 502, PathContains = "/entities" }] });

        var entity = await _client.GetEntityAsync("microservice", "checkout");

        Assert.That((string?)entity["identifier"], Is.EqualTo("checkout"));
        Assert.That(_warnings, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RateLimit_RetryAfterIsHonoured()
    {
        Emulator.SetFaults(new FaultSettings { Next = [new ScriptedFault { Status = 429, RetryAfterSeconds = 1, PathContains = "/entities" }] });

        await _client.GetEntityAsync("microservice", "checkout");

        Assert.That(_warnings.Single(), Does.Contain("429").And.Contain("Retry-After asked for 1 s"));
    }

    [Test]
    public async Task DroppedConnection_OnARead_IsRetried()
    {
        Emulator.SetFaults(new FaultSettings { Next = [new ScriptedFault { Status = 0, PathContains = "/entities" }] });

        var entity = await _client.GetEntityAsync("microservice", "checkout");

        Assert.That((string?)entity["identifier"], Is.EqualTo("checkout"));
    }

    [TestCase(true, TestName = "DroppedAnswer_OnARunLogThatLanded_IsFoundByReadingBack_AndNotRepeated")]
    [TestCase(false, TestName = "DroppedConnection_OnARunLogThatDidNotLand_IsSentAgain")]
    public async Task DroppedConnection_OnARunLog_LeavesTheLogExactlyOnce(bool afterProcessing)
    {
        Emulator.SetFaults(new FaultSettings { Next = [new ScriptedFault { Status = 0, AfterProcessing = afterProcessing, PathContains = "/logs" }] });

        var log = await _client.AddRunLogAsync("r_demo_deploy", new RunLogEntry { Message = "only once" });

        var stored = Emulator.Runs.ListLogs("r_demo_deploy", 50, 0).Where(l => (string?)l["message"] == "only once").ToList();
        Assert.That(stored.Select(l => (string?)l["id"]), Is.EqualTo(new[] { (string?)log["id"] }));
        var posts = Emulator.Journal.ToJson().Count(r => (string?)r!["method"] == "POST" && ((string?)r["path"])!.EndsWith("/logs", StringComparison.Ordinal));
        Assert.That(posts, Is.EqualTo(afterProcessing ? 1 : 2));
    }

    [Test]
    public async Task ExpiredToken_IsRenewedOnce()
    {
        await _client.GetEntityAsync("microservice", "checkout");
        Emulator.Tokens.ExpireAll();

        await _client.GetEntityAsync("microservice", "inventory");

        Assert.That(Emulator.Journal.ToJson().Count(r => (string?)r!["path"] == "/v1/auth/access_token"), Is.EqualTo(2));
    }

    private sealed class WarningLog(List<string> warnings) : IPortLog
    {
        public bool DebugEnabled => false;

        public void Debug(string message) { }

        public void Warning(string message) => warnings.Add(message);
    }
}
