using System.Net;
using System.Text.Json.Nodes;
using Port.Client.Models;

namespace Port.Client.Tests;

public class PortClientRunTests : ClientFixture
{
    private const string RunJson = """{"ok":true,"run":{"id":"r_1","status":"IN_PROGRESS","statusLabel":"Deploying","link":["https://x"],"summary":null}}""";

    [Test]
    public async Task GetRunAsync_AsksForVersion2()
    {
        Handler.Respond(HttpStatusCode.OK, RunJson);

        var run = await Client.GetRunAsync("r_1");

        Assert.That(Handler.ApiRequests.Single().PathAndQuery, Is.EqualTo("/v1/actions/runs/r_1?version=v2"));
        Assert.That(run.Status, Is.EqualTo(RunStatus.InProgress));
        Assert.That(run.StatusLabel, Is.EqualTo("Deploying"));
    }

    [Test]
    public async Task CreateRunAsync_PostsPropertiesAndEntity_AndReadsThe202Run()
    {
        Handler.Respond(HttpStatusCode.Accepted, RunJson);

        var run = await Client.CreateRunAsync("deploy service", new JsonObject { ["environment"] = "staging" }, "checkout");

        var request = Handler.ApiRequests.Single();
        Assert.That((request.Method, request.PathAndQuery), Is.EqualTo((HttpMethod.Post, "/v1/actions/deploy%20service/runs")));
        Assert.That(request.Body, Is.EqualTo("""{"properties":{"environment":"staging"},"entity":"checkout"}"""));
        Assert.That(run.Id, Is.EqualTo("r_1"));
    }

    [Test]
    public async Task CreateRunAsync_On503_IsNotRepeated_SoNoSecondRunStarts()
    {
        Handler.Respond(HttpStatusCode.ServiceUnavailable, """{"ok":false,"error":"unavailable","message":"try later"}""");

        await Assert.ThrowsAsync<PortOutcomeUnknownException>(() => Client.CreateRunAsync("deploy_service", []));

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ListRunLogsAsync_PagesWithLimitAndOffset()
    {
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"runLogs":[{"message":"a"},{"message":"b"}]}""");

        var logs = await Client.ListRunLogsAsync("r_1", 50, 2);

        Assert.That(Handler.ApiRequests.Single().PathAndQuery, Is.EqualTo("/v1/actions/runs/r_1/logs?limit=50&offset=2"));
        Assert.That(logs.Select(l => (string?)l["message"]), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task UpdateRunAsync_SendsOnlyTheFieldsGiven()
    {
        Handler.Respond(HttpStatusCode.OK, RunJson);

        await Client.UpdateRunAsync("r_1", new RunUpdate { Status = RunStatus.Success, Link = "https://dev.azure.com/o/p/_build/results?buildId=1", ExternalRunId = "42" });

        var request = Handler.ApiRequests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Patch));
        Assert.That(request.PathAndQuery, Is.EqualTo("/v1/actions/runs/r_1?version=v2"));
        Assert.That(request.Body, Is.EqualTo("""{"status":"SUCCESS","link":"https://dev.azure.com/o/p/_build/results?buildId=1","externalRunId":"42"}"""));
    }

    [Test]
    public async Task UpdateRunAsync_LabelSummaryAndLinkArray()
    {
        Handler.Respond(HttpStatusCode.OK, RunJson);

        await Client.UpdateRunAsync("r_1", new RunUpdate { StatusLabel = "Half way", Summary = "## done", Link = new JsonArray("a", "b") });

        Assert.That(Handler.ApiRequests.Single().Body, Is.EqualTo("""{"statusLabel":"Half way","link":["a","b"],"summary":"## done"}"""));
    }

    [Test]
    public async Task AddRunLogAsync_PostsMessageTerminationAndLabel()
    {
        Handler.Respond(HttpStatusCode.Created, """{"ok":true,"runLog":{"id":"l1","runId":"r_1","message":"hi"}}""");

        var log = await Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "hi", TerminationStatus = RunStatus.Failure, StatusLabel = "Broke" });

        var request = Handler.ApiRequests.Single();
        Assert.That(request.PathAndQuery, Is.EqualTo("/v1/actions/runs/r_1/logs"));
        Assert.That(request.Body, Is.EqualTo("""{"message":"hi","terminationStatus":"FAILURE","statusLabel":"Broke"}"""));
        Assert.That((string?)log["id"], Is.EqualTo("l1"));
    }

    [Test]
    public async Task UpdateRunAsync_EndedRun_Is422WithPortsMessage()
    {
        Handler.Respond(HttpStatusCode.UnprocessableEntity, """{"ok":false,"error":"run_already_terminated","message":"The run has already ended"}""");

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.UpdateRunAsync("r_1", new RunUpdate { Status = RunStatus.Success }));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(ex.Error, Is.EqualTo("run_already_terminated"));
        Assert.That(ex.Describe(), Is.EqualTo("422 run_already_terminated: The run has already ended (PATCH /v1/actions/runs/r_1)"));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(1), "a 422 is final");
    }
}
