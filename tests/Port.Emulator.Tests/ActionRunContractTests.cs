using System.Net;
using System.Text.Json.Nodes;

namespace Port.Emulator.Tests;

/// <summary>Starting a self-service action's run (POST /v1/actions/{id}/runs) and playing Port's side of it.</summary>
public class ActionRunContractTests : EmulatorFixture
{
    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task Create_Answers202_WithTheRunInProgress_AsPortDocumentsIt()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/actions/deploy_service/runs", """{"entity":"checkout","properties":{"environment":"staging"}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
        var run = body["run"]!;
        Assert.That((string?)run["id"], Does.StartWith("r_"));
        Assert.That((string?)run["status"], Is.EqualTo("IN_PROGRESS"));
        Assert.That((string?)run["source"], Is.EqualTo("API"));
        Assert.That((string?)run["action"]!["identifier"], Is.EqualTo("deploy_service"));
        Assert.That((string?)run["entity"]!["identifier"], Is.EqualTo("checkout"));
        Assert.That((string?)run["properties"]!["environment"], Is.EqualTo("staging"));
        Assert.That((string?)run["createdBy"], Is.EqualTo("demo-client-id"));
        Assert.That(run.AsObject().ContainsKey("endedAt"), Is.True);
    }

    [TestCase("/v1/actions/nope/runs", """{"properties":{}}""", HttpStatusCode.NotFound, "not_found", "Action with identifier \"nope\"")]
    [TestCase("/v1/actions/deploy_service/runs", """{"entity":"checkout","properties":{}}""", HttpStatusCode.UnprocessableEntity, "invalid_request", "\"environment\" is required")]
    [TestCase("/v1/actions/deploy_service/runs", """{"properties":{"environment":"staging"}}""", HttpStatusCode.UnprocessableEntity, "invalid_request", "runs on an existing entity")]
    [TestCase("/v1/actions/deploy_service/runs", """{"entity":"ghost","properties":{"environment":"staging"}}""", HttpStatusCode.NotFound, "not_found", "Entity with identifier \"ghost\"")]
    [TestCase("/v1/actions/deploy_service/runs", """{"entity":"checkout"}""", HttpStatusCode.UnprocessableEntity, "invalid_request", "\"properties\" is required")]
    public async Task Create_RefusesAsPortDoes(string path, string json, HttpStatusCode status, string error, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Post, path, json), status, error, messagePart);

    [Test]
    public async Task Create_PlaysTheActionsScript_ToItsEnd()
    {
        var (_, body) = await SendAsync(HttpMethod.Post, "/v1/actions/scaffold_service/runs", """{"properties":{"name":"ledger"}}""");
        var runId = (string)body["run"]!["id"]!;

        JsonNode run = body["run"]!;
        for (var polls = 0; polls < 600 && (string?)run["status"] == "IN_PROGRESS"; polls++) // the script ends in about 1 s; a busy machine gets a minute
        {
            await Task.Delay(100);
            run = (await SendAsync(HttpMethod.Get, $"/v1/actions/runs/{runId}?version=v2")).Body["run"]!;
        }

        Assert.That((string?)run["status"], Is.EqualTo("FAILURE"));
        Assert.That((string?)run["statusLabel"], Is.EqualTo("Repository exists"));
        Assert.That((string?)run["updatedBy"], Is.EqualTo("port"));
        Assert.That((string?)run["endedAt"], Is.Not.Null);
        var logs = (await SendAsync(HttpMethod.Get, $"/v1/actions/runs/{runId}/logs")).Body["runLogs"]!.AsArray();
        Assert.That(logs.Select(l => (string?)l!["message"]), Is.EqualTo(new[] { "Creating the repository", "Could not push the template: the name is taken" }));
    }

    [Test]
    public async Task Advance_MovesARunByHand_AndAnEndedRunTakesNoMore()
    {
        using var first = await Http.PostAsync("/_emulator/runs/r_demo_scaffold/advance", new StringContent("""{"statusLabel":"Approved","log":"An approver said yes","status":"SUCCESS"}"""));
        using var second = await Http.PostAsync("/_emulator/runs/r_demo_scaffold/advance", new StringContent("""{"log":"too late"}"""));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["run"]!["status"], Is.EqualTo("SUCCESS"));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Emulator.Runs.ListLogs("r_demo_scaffold", 50, 0).Single()["message"]!.ToString(), Is.EqualTo("An approver said yes"));
    }

    [Test]
    public async Task UnknownRoute_IsPortsNotFoundBody() =>
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/no/such/route"), HttpStatusCode.NotFound, "not_found", "No route GET /v1/no/such/route");
}
