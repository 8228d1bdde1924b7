using System.Net;

namespace Port.Emulator.Tests;

public class RunContractTests : EmulatorFixture
{
    [SetUp]
    public Task Login() => LoginAsync();

    [TestCase("", new[] { "r_demo_rollback", "r_demo_scaffold", "r_demo_deploy", "r_demo_done" })]
    [TestCase("?action=deploy_service", new[] { "r_demo_deploy", "r_demo_done" })]
    [TestCase("?entity=inventory&active=true", new[] { "r_demo_rollback" })]
    [TestCase("?active=false", new[] { "r_demo_done" })]
    [TestCase("?blueprint=microservice&source=API", new[] { "r_demo_rollback" })]
    [TestCase("?user_email=dev@example.com&limit=2", new[] { "r_demo_scaffold", "r_demo_deploy" })]
    [TestCase("?external_run_id=none", new string[0])]
    public async Task List_FiltersNewestFirst(string query, string[] expected)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/actions/runs" + query);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["runs"]!.AsArray().Select(r => (string?)r!["id"]), Is.EqualTo(expected));
    }

    [Test]
    public async Task List_ExcludesFields_AndFindsARunByItsExternalId()
    {
        await SendAsync(HttpMethod.Patch, "/v1/actions/runs/r_demo_deploy", """{"externalRunId":"ado_1_2_3"}""");

        var (_, body) = await SendAsync(HttpMethod.Get, "/v1/actions/runs?external_run_id=ado_1_2_3&exclude=properties&exclude=action");

        var run = body["runs"]!.AsArray().Single()!;
        Assert.That((string?)run["id"], Is.EqualTo("r_demo_deploy"));
        Assert.That(run.AsObject().ContainsKey("properties") || run.AsObject().ContainsKey("action"), Is.False);
    }

    [Test]
    public async Task List_LimitOutOfRange_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/actions/runs?limit=1001"), HttpStatusCode.UnprocessableEntity, "invalid_request", "\"limit\"");

    [Test]
    public async Task Get_SeededRun_IsInProgress()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/actions/runs/r_demo_deploy?version=v2");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body["run"]!["status"], Is.EqualTo("IN_PROGRESS"));
        Assert.That((string?)body["run"]!["action"]!["identifier"], Is.EqualTo("deploy_service"));
    }

    [Test]
    public async Task Get_Unknown_Is404() =>
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/actions/runs/r_nope"), HttpStatusCode.NotFound, "not_found");

    [Test]
    public async Task Patch_LabelOnly_KeepsTheRunInProgress()
    {
        var (_, body) = await SendAsync(HttpMethod.Patch, "/v1/actions/runs/r_demo_deploy?version=v2", """{"statusLabel":"Building","link":["https://a","https://b"],"summary":"so far","externalRunId":"42"}""");

        var run = body["run"]!;
        Assert.That((string?)run["status"], Is.EqualTo("IN_PROGRESS"));
        Assert.That((string?)run["statusLabel"], Is.EqualTo("Building"));
        Assert.That(run["link"]!.ToJsonString(), Is.EqualTo("""["https://a","https://b"]"""));
        Assert.That((string?)run["externalRunId"], Is.EqualTo("42"));
    }

    [Test]
    public async Task Patch_AfterTheRunEnded_Is422()
    {
        await SendAsync(HttpMethod.Patch, "/v1/actions/runs/r_demo_deploy", """{"status":"SUCCESS"}""");

        AssertPortError(await SendAsync(HttpMethod.Patch, "/v1/actions/runs/r_demo_deploy", """{"statusLabel":"late"}"""),
            HttpStatusCode.UnprocessableEntity, "run_already_terminated", "SUCCESS");
    }

    [TestCase("""{"status":"DONE"}""", "\"SUCCESS\" or \"FAILURE\"")]
    [TestCase("""{"status":"IN_PROGRESS"}""", "\"SUCCESS\" or \"FAILURE\"")]
    [TestCase("""{"colour":"red"}""", "\"colour\" is not allowed")]
    [TestCase("""{"link":5}""", "\"link\"")]
    public async Task Patch_OffSchema_Is422(string body, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Patch, "/v1/actions/runs/r_demo_deploy", body), HttpStatusCode.UnprocessableEntity, "invalid_request", messagePart);

    [Test]
    public async Task Logs_KeepTheirOrder_AndATerminationStatusEndsTheRun()
    {
        await SendAsync(HttpMethod.Post, "/v1/actions/runs/r_demo_deploy/logs", """{"message":"one"}""");
        var (status, created) = await SendAsync(HttpMethod.Post, "/v1/actions/runs/r_demo_deploy/logs", """{"message":"two","terminationStatus":"FAILURE","statusLabel":"Broke"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)created["runLog"]!["message"], Is.EqualTo("two"));
        var (_, logs) = await SendAsync(HttpMethod.Get, "/v1/actions/runs/r_demo_deploy/logs");
        Assert.That(logs["runLogs"]!.AsArray().Select(l => (string?)l!["message"]), Is.EqualTo(new[] { "one", "two" }));
        var (_, run) = await SendAsync(HttpMethod.Get, "/v1/actions/runs/r_demo_deploy");
        Assert.That((string?)run["run"]!["status"], Is.EqualTo("FAILURE"));
        Assert.That((string?)run["run"]!["statusLabel"], Is.EqualTo("Broke"));
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions/runs/r_demo_deploy/logs", """{"message":"three"}"""), HttpStatusCode.UnprocessableEntity, "run_already_terminated");
    }

    [Test]
    public async Task Log_WithoutMessage_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions/runs/r_demo_deploy/logs", """{"statusLabel":"x"}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "message");

    [Test]
    public async Task RunId_OnAnEntityWrite_RecordsTheEntityAsAffected()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints/microservice/entities?upsert=true&merge=true&run_id=r_demo_deploy", """{"identifier":"checkout","properties":{"version":"2.0.0"}}""");

        var (_, body) = await SendAsync(HttpMethod.Get, "/v1/actions/runs/r_demo_deploy");
        Assert.That(body["run"]!["affectedEntities"]!.ToJsonString(), Is.EqualTo("""[{"blueprint":"microservice","identifier":"checkout"}]"""));
    }

    [Test]
    public async Task RunId_OfAnEndedRun_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints/microservice/entities?upsert=true&run_id=r_demo_done", """{"identifier":"checkout"}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request", "IN_PROGRESS");
}
