using System.Net;
using System.Text.Json.Nodes;

namespace Port.Emulator.Tests;

/// <summary>
/// A client's whole setup through Port's API (blueprint, entity, action, a run of it, an entity tied to the run, the
/// run's end), then <c>GET /v1/audit-log</c> over those changes with Port's filters.
/// </summary>
public class AuditLogContractTests : EmulatorFixture
{
    private string _runId = "";

    [SetUp]
    public async Task SetUpThroughTheApi()
    {
        await LoginAsync();
        await Expect(HttpStatusCode.Created, HttpMethod.Post, "/v1/blueprints", BlueprintContractTests.Pipeline);
        await Expect(HttpStatusCode.Created, HttpMethod.Post, "/v1/blueprints/pipeline/entities", """{"identifier":"ci","properties":{"stage":"build"}}""");
        await Expect(HttpStatusCode.Created, HttpMethod.Post, "/v1/actions", ActionContractTests.Restart.Replace("\"microservice\"", "\"pipeline\""));
        var started = await Expect(HttpStatusCode.Accepted, HttpMethod.Post, "/v1/actions/restart/runs", """{"entity":"ci","properties":{"reason":"flaky"}}""");
        _runId = (string)started["run"]!["id"]!;
        await Expect(HttpStatusCode.Created, HttpMethod.Post, $"/v1/blueprints/pipeline/entities?upsert=true&merge=true&run_id={_runId}", """{"identifier":"ci","properties":{"runs":2}}""");
        await Expect(HttpStatusCode.OK, HttpMethod.Patch, $"/v1/actions/runs/{_runId}", """{"status":"SUCCESS"}""");
    }

    [Test]
    public async Task Unfiltered_ListsEveryChange_NewestFirst_InPortsRecordShape()
    {
        var audits = await AuditAsync("");

        Assert.That(audits.Select(a => $"{a["resourceType"]} {a["action"]}"), Is.EqualTo(new[]
        {
            "run UPDATE", "entity UPDATE", "run CREATE", "action CREATE", "entity CREATE", "blueprint CREATE",
        }));
        var record = audits[1];
        Assert.That((string?)record["identifier"], Does.StartWith("audit_"));
        Assert.That((string?)record["status"], Is.EqualTo("SUCCESS"));
        Assert.That((string?)record["trigger"]!["by"]!["userId"], Is.EqualTo("demo-client-id"));
        Assert.That((string?)record["trigger"]!["origin"], Is.EqualTo("API"));
        Assert.That(DateTimeOffset.Parse((string)record["trigger"]!["at"]!), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(record["context"]!.ToJsonString(), Is.EqualTo($$"""{"blueprint":"pipeline","entity":"ci","runId":"{{_runId}}"}"""));
        Assert.That(record["diff"]!["before"]!["properties"]!["runs"], Is.Null);
        Assert.That((int?)record["diff"]!["after"]!["properties"]!["runs"], Is.EqualTo(2));
        Assert.That((string?)audits[0]["diff"]!["before"]!["status"], Is.EqualTo("IN_PROGRESS"));
        Assert.That((string?)audits[0]["diff"]!["after"]!["status"], Is.EqualTo("SUCCESS"));
    }

    [Test]
    public async Task RunId_WithResourcesAndIncludes_IsWhatPortsGitHubActionChecks()
    {
        var audits = await AuditAsync($"?resources=entity&run_id={_runId}&includes=context");

        Assert.That(audits, Has.Count.EqualTo(1));
        Assert.That(audits[0].Select(p => p.Key), Is.EqualTo(new[] { "context" }));
        Assert.That((string?)audits[0]["context"]!["entity"], Is.EqualTo("ci"));
    }

    [TestCase("?entity=ci", new[] { "run UPDATE", "entity UPDATE", "run CREATE", "entity CREATE" })]
    [TestCase("?blueprint=pipeline&resources=blueprint&resources=action", new[] { "action CREATE", "blueprint CREATE" })]
    [TestCase("?resources=run&action=CREATE", new[] { "run CREATE" })]
    [TestCase("?status=SUCCESS&limit=2", new[] { "run UPDATE", "entity UPDATE" })]
    [TestCase("?status=FAILURE", new string[0])]
    [TestCase("?origin=UI", new string[0])]
    [TestCase("?origin=API&resources=blueprint", new[] { "blueprint CREATE" })]
    [TestCase("?from=2000-01-01T00:00:00.000Z&to=2999-01-01T00:00:00.000Z&resources=action", new[] { "action CREATE" })]
    [TestCase("?from=2999-01-01T00:00:00.000Z", new string[0])]
    [TestCase("?to=2000-01-01T00:00:00.000Z", new string[0])]
    [TestCase("?entity=checkout", new string[0])]
    [TestCase("?webhookId=wh_1", new string[0])]
    public async Task Filters_AreAnded(string query, string[] expected)
    {
        var audits = await AuditAsync(query);

        Assert.That(audits.Select(a => $"{a["resourceType"]} {a["action"]}"), Is.EqualTo(expected));
    }

    [Test]
    public async Task Identifier_FindsThatRecord()
    {
        var newest = (await AuditAsync("?limit=1")).Single();

        var found = await AuditAsync($"?identifier={newest["identifier"]}");

        Assert.That(found.Single().ToJsonString(), Is.EqualTo(newest.ToJsonString()));
    }

    [TestCase("?resources=page", "\"resources\" must be one of")]
    [TestCase("?includes=everything", "\"includes\" must be one of")]
    [TestCase("?action=RENAME", "\"action\" must be one of")]
    [TestCase("?status=MAYBE", "\"status\" must be one of")]
    [TestCase("?from=yesterday", "\"from\" must be an ISO date-time")]
    [TestCase("?limit=0", "\"limit\" must be a whole number")]
    public async Task BadQuery_Is422(string query, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/audit-log" + query), HttpStatusCode.UnprocessableEntity, "invalid_request", messagePart);

    [Test]
    public async Task RefusedChanges_LeaveNoRecord()
    {
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints", BlueprintContractTests.Pipeline), HttpStatusCode.Conflict, "identifier_taken");
        AssertPortError(await SendAsync(HttpMethod.Patch, $"/v1/actions/runs/{_runId}", """{"status":"FAILURE"}"""), HttpStatusCode.UnprocessableEntity, "run_already_terminated");

        Assert.That(await AuditAsync(""), Has.Count.EqualTo(6));
    }

    [Test]
    public async Task Deletions_AreRecordedWithWhatWasThere()
    {
        await Expect(HttpStatusCode.OK, HttpMethod.Delete, "/v1/blueprints/pipeline/entities/ci");
        await Expect(HttpStatusCode.OK, HttpMethod.Delete, "/v1/blueprints/pipeline?delete_actions=true");

        var audits = await AuditAsync("?action=DELETE");

        Assert.That(audits.Select(a => $"{a["resourceType"]} {a["context"]!.ToJsonString()}"), Is.EqualTo(new[]
        {
            """blueprint {"blueprint":"pipeline"}""",
            """action {"blueprint":"pipeline","action":"restart"}""",
            """entity {"blueprint":"pipeline","entity":"ci"}""",
        }));
        Assert.That(audits.Select(a => a["diff"]!["after"]), Is.All.Null);
        Assert.That((string?)audits[2]["diff"]!["before"]!["identifier"], Is.EqualTo("ci"));
    }

    [Test]
    public async Task Reset_EmptiesIt_AndSavedStateKeepsIt()
    {
        var saved = Emulator.State.ToJson();
        Emulator.Reset();
        var afterReset = await AuditAsync("");

        Assert.That(saved["audit"]!.AsArray(), Has.Count.EqualTo(6));
        Assert.That(afterReset, Is.Empty);
    }

    private async Task<List<JsonObject>> AuditAsync(string query)
    {
        var audits = (await Expect(HttpStatusCode.OK, HttpMethod.Get, "/v1/audit-log" + query))["audits"]!.AsArray();
        return audits.Select(a => a!.AsObject()).ToList();
    }

    private async Task<JsonObject> Expect(HttpStatusCode status, HttpMethod method, string path, string? json = null)
    {
        var (actual, body) = await SendAsync(method, path, json);
        Assert.That(actual, Is.EqualTo(status), $"{method} {path}: {body.ToJsonString()}");
        return body;
    }
}
