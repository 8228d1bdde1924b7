using System.Net;
using System.Text.Json.Nodes;
using Moq;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.GetEntity;
using Port.Tasks.ReportRun;
using Port.Tasks.UpsertEntity;

namespace Port.Tasks.Tests;

/// <summary>The commands against a mocked PortClient, asserting the logging commands they write.</summary>
public class CommandTests
{
    private static readonly PortConnection Connection = new("https://api.getport.io", "cid", "csecret", "test", "test");
    private StringWriter _output = null!;
    private AgentCommands _agent = null!;
    private Mock<PortClient> _client = null!;

    [SetUp]
    public void Create()
    {
        _output = new StringWriter();
        _agent = new AgentCommands(_output, debugEnabled: false);
        _client = new Mock<PortClient>(MockBehavior.Strict);
    }

    [TearDown]
    public void DisposeOutput() => _output.Dispose();

    private string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public async Task Upsert_One_SetsIdentifierAndEntityOutputs()
    {
        var entity = new JsonObject { ["identifier"] = "checkout" };
        var options = new UpsertEntityOptions { RunId = "r_1" };
        _client.Setup(c => c.UpsertEntityAsync("microservice", entity, options, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new JsonObject { ["identifier"] = "checkout", ["title"] = "Checkout" });
        var inputs = new UpsertEntityInputs(Connection, "microservice", entity, null, [], options);

        var outcome = await new UpsertEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=identifier;isOutput=true;isSecret=false]checkout"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=entity;isOutput=true;isSecret=false]{\"identifier\":\"checkout\",\"title\":\"Checkout\"}"));
        Assert.That(Lines[0], Does.StartWith("##[group]Upsert microservice/checkout (merge, run r_1)"));
    }

    [Test]
    public async Task Upsert_UnknownBlueprint_NamesTheBlueprintInput()
    {
        _client.Setup(c => c.UpsertEntityAsync(It.IsAny<string>(), It.IsAny<JsonObject>(), It.IsAny<UpsertEntityOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortNotFoundException("not_found", "Blueprint with identifier \"nope\" not found"));
        var inputs = new UpsertEntityInputs(Connection, "nope", new JsonObject { ["identifier"] = "x" }, null, [], new UpsertEntityOptions());

        var ex = await Assert.ThrowsAsync<TaskInputException>(() => new UpsertEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None));

        Assert.That(ex!.Input, Is.EqualTo("blueprint"));
        Assert.That(Lines.Last(), Is.EqualTo("##[endgroup]"), "the group is closed even on failure");
    }

    [Test]
    public async Task Upsert_WrongPropertyType_NamesPropertiesWithPortsMessage()
    {
        _client.Setup(c => c.UpsertEntityAsync(It.IsAny<string>(), It.IsAny<JsonObject>(), It.IsAny<UpsertEntityOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortApiException(HttpStatusCode.UnprocessableEntity, "invalid_request", "The property \"replicas\" must be a number"));
        var inputs = new UpsertEntityInputs(Connection, "microservice", new JsonObject { ["identifier"] = "x" }, null, [], new UpsertEntityOptions());

        var ex = await Assert.ThrowsAsync<TaskInputException>(() => new UpsertEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None));

        Assert.That(ex!.Message, Is.EqualTo("The input 'properties' was rejected by Port: The property \"replicas\" must be a number (422 invalid_request)."));
    }

    [Test]
    public async Task Upsert_File_PartialFailure_FailsWithCountsAndPerEntityErrors()
    {
        var entities = new List<JsonObject> { new() { ["identifier"] = "a" }, new() { ["identifier"] = "b" } };
        _client.Setup(c => c.BulkUpsertEntitiesAsync("microservice", entities, It.IsAny<UpsertEntityOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BulkUpsertResult([new BulkEntityResult(0, "a", true)], [new BulkEntityError(1, "b", 422, "invalid_request", "bad")]));
        var inputs = new UpsertEntityInputs(Connection, "microservice", null, "/tmp/e.json", entities, new UpsertEntityOptions());

        var outcome = await new UpsertEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(new TaskOutcome(TaskResult.Failed, "1 of 2 entities upserted into 'microservice', 1 failed.")));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=identifiers;isOutput=true;isSecret=false][\"a\"]"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=failedCount;isOutput=true;isSecret=false]1"));
        Assert.That(Lines, Does.Contain("##vso[task.logissue type=error]Entity 2 ('b'): Port answered 422 invalid_request: bad"));
    }

    [Test]
    public async Task Get_NotFound_WithoutFailing_SetsFoundFalse()
    {
        _client.Setup(c => c.GetEntityAsync("microservice", "ghost", It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortNotFoundException("not_found", "Entity with identifier \"ghost\" not found in blueprint \"microservice\""));
        var inputs = new GetEntityInputs(Connection, "microservice", "ghost", null, [], [], FailIfNotFound: false);

        var outcome = await new GetEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=found;isOutput=true;isSecret=false]false"));
    }

    [Test]
    public async Task Get_NotFound_FailsByDefault()
    {
        _client.Setup(c => c.GetEntityAsync("microservice", "ghost", It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortNotFoundException("not_found", "Entity with identifier \"ghost\" not found in blueprint \"microservice\""));
        var inputs = new GetEntityInputs(Connection, "microservice", "ghost", null, [], [], FailIfNotFound: true);

        var outcome = await new GetEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Failed));
        Assert.That(outcome.Message, Does.Contain("Port has no entity 'ghost'").And.Contain("failIfNotFound"));
    }

    [Test]
    public async Task Get_Query_SetsEntitiesCountAndTheFirstMatch()
    {
        var query = new JsonObject { ["combinator"] = "and", ["rules"] = new JsonArray() };
        _client.Setup(c => c.SearchEntitiesAsync(query, It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new JsonObject { ["identifier"] = "a", ["properties"] = new JsonObject { ["lead-time"] = 2.5 } }, new JsonObject { ["identifier"] = "b" }]);
        var inputs = new GetEntityInputs(Connection, null, null, query, [], [], FailIfNotFound: true);

        var outcome = await new GetEntityCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=count;isOutput=true;isSecret=false]2"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=identifier;isOutput=true;isSecret=false]a"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=property_lead_time;isOutput=true;isSecret=false]2.5"));
    }

    [Test]
    public async Task Report_Success_PatchesThenEndsWithOneLog()
    {
        var sequence = new MockSequence();
        _client.InSequence(sequence).Setup(c => c.UpdateRunAsync("r_1", It.Is<RunUpdate>(u => u.Status == null && u.Link!.ToString() == "https://x.example" && u.ExternalRunId == "77"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ActionRun.FromJson(new JsonObject { ["id"] = "r_1", ["status"] = "IN_PROGRESS" }));
        _client.InSequence(sequence).Setup(c => c.AddRunLogAsync("r_1", It.Is<RunLogEntry>(l => l.TerminationStatus == "SUCCESS" && l.StatusLabel == "Deployed" && l.Message == "CI 42 finished: SUCCESS."), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new JsonObject());
        var inputs = new ReportRunInputs(Connection, "r_1", "SUCCESS", "Deployed", null, ["https://x.example"], "77", null, "CI 42");

        var outcome = await new ReportRunCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(TaskOutcome.Succeeded("Port action run 'r_1' is SUCCESS (Deployed).")));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=runStatus;isOutput=true;isSecret=false]SUCCESS"));
        _client.VerifyAll();
    }

    [Test]
    public async Task Report_InProgress_PatchesTheLabelAndNeverEnds()
    {
        _client.Setup(c => c.UpdateRunAsync("r_1", It.Is<RunUpdate>(u => u.StatusLabel == "Building" && u.Status == null), It.IsAny<CancellationToken>()))
            .ReturnsAsync(ActionRun.FromJson(new JsonObject { ["id"] = "r_1", ["status"] = "IN_PROGRESS" }));
        _client.Setup(c => c.AddRunLogAsync("r_1", It.Is<RunLogEntry>(l => l.TerminationStatus == null && l.Message == "step 1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new JsonObject());
        var inputs = new ReportRunInputs(Connection, "r_1", "IN_PROGRESS", "Building", null, [], null, "step 1", null);

        var outcome = await new ReportRunCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Message, Is.EqualTo("Port action run 'r_1' is IN_PROGRESS (Building)."));
        _client.VerifyAll();
    }

    [Test]
    public async Task Report_EndedRun_GivesAClearMessage()
    {
        _client.Setup(c => c.AddRunLogAsync("r_1", It.IsAny<RunLogEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortApiException(HttpStatusCode.UnprocessableEntity, "run_already_terminated", "already ended"));
        var inputs = new ReportRunInputs(Connection, "r_1", "FAILURE", null, null, [], null, null, null);

        var ex = await Assert.ThrowsAsync<TaskFailedException>(() => new ReportRunCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith("The Port action run 'r_1' has already ended, so Port accepts no more updates"));
    }

    [Test]
    public async Task Report_EndedRun_WithoutFailing_SucceedsWithIssuesAndAWarning()
    {
        _client.Setup(c => c.AddRunLogAsync("r_1", It.IsAny<RunLogEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortApiException(HttpStatusCode.UnprocessableEntity, "run_already_terminated", "already ended"));
        var inputs = new ReportRunInputs(Connection, "r_1", "FAILURE", null, null, [], null, null, null, FailIfRunEnded: false);

        var outcome = await new ReportRunCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.SucceededWithIssues));
        Assert.That(Lines, Has.Some.StartsWith("##vso[task.logissue type=warning]The Port action run 'r_1' has already ended"));
        Assert.That(Lines, Has.None.Contains("runStatus"), "no status is claimed for a run this step did not end");
    }

    [Test]
    public async Task Report_UnknownRun_NamesRunId()
    {
        _client.Setup(c => c.AddRunLogAsync("r_x", It.IsAny<RunLogEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortNotFoundException("not_found", "Action run with id \"r_x\" not found"));
        var inputs = new ReportRunInputs(Connection, "r_x", "FAILURE", null, null, [], null, null, null);

        var ex = await Assert.ThrowsAsync<TaskInputException>(() => new ReportRunCommand(inputs, _client.Object, _agent).ExecuteAsync(CancellationToken.None));

        Assert.That(ex!.Input, Is.EqualTo("runId"));
    }
}
