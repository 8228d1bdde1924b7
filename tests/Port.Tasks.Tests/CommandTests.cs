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
    private static readonly PortConnection Connection = new("https://api.getport.io", "cid", new Secret("csecret"), "test", "test");
    private RecordingAgent _recorder = null!;
    private AgentCommands _agent = null!;
    private Mock<PortClient> _client = null!;
    private string? _task;

    [SetUp]
    public void Create()
    {
        _recorder = new RecordingAgent();
        _agent = _recorder.Agent;
        _client = new Mock<PortClient>(MockBehavior.Strict);
    }

    /// <summary>The recording agent: every output a command set is one its task.json declares and lets it set.</summary>
    [TearDown]
    public void EveryOutputIsDeclared()
    {
        if (_task is not null)
        {
            _recorder.AssertOutputsDeclared(_task);
        }

        _recorder.Dispose();
    }

    private string[] Lines => _recorder.Lines;

    private string Output(string name) => _recorder.Output(name);

    private UpsertEntityCommand Upsert(UpsertEntityInputs inputs)
    {
        _task = "PortUpsertEntity";
        return new UpsertEntityCommand(inputs, _client.Object, _agent);
    }

    private GetEntityCommand Get(GetEntityInputs inputs)
    {
        _task = "PortGetEntity";
        return new GetEntityCommand(inputs, _client.Object, _agent);
    }

    private ReportRunCommand Report(ReportRunInputs inputs)
    {
        _task = "PortReportRun";
        return new ReportRunCommand(inputs, _client.Object, _agent);
    }


    [Test]
    public async Task Upsert_One_SetsIdentifierAndEntityOutputs()
    {
        var entity = new JsonObject { ["identifier"] = "checkout" };
        var options = new UpsertEntityOptions { RunId = "r_1" };
        _client.Setup(c => c.UpsertEntityAsync("microservice", entity, options, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new JsonObject { ["identifier"] = "checkout", ["title"] = "Checkout" });
        var inputs = new UpsertEntityInputs(Connection, "microservice", entity, null, options);

        var outcome = await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=identifier;isOutput=true;isSecret=false]checkout"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=entity;isOutput=true;isSecret=false]{\"identifier\":\"checkout\",\"title\":\"Checkout\"}"));
        Assert.That(Lines[0], Does.StartWith("##[group]Upsert microservice/checkout (merge, run r_1)"));
    }

    [Test]
    public async Task Upsert_UnknownBlueprint_NamesTheBlueprintInput()
    {
        var environment = TestEnvironment.WithCredentials().Input("blueprint", "nope").Input("identifier", "x");

        var message = await FailureMessage<UpsertEntityInputs>((inputs, port, agent) => new UpsertEntityCommand(inputs, port, agent), environment,
            FakePort.Error(HttpStatusCode.NotFound, "not_found", "Blueprint with identifier \"nope\" not found"));

        Assert.That(message, Is.EqualTo("The input 'blueprint' is 'nope', but Port has no such blueprint (Blueprint with identifier \"nope\" not found). Check the identifier in Port's Builder."));
    }

    [Test]
    public async Task Upsert_WrongPropertyType_NamesPropertiesWithPortsMessage()
    {
        var environment = TestEnvironment.WithCredentials().Input("blueprint", "microservice").Input("identifier", "x").Input("properties", """{"replicas": "three"}""");

        var message = await FailureMessage<UpsertEntityInputs>((inputs, port, agent) => new UpsertEntityCommand(inputs, port, agent), environment,
            FakePort.Error(HttpStatusCode.UnprocessableEntity, "invalid_request", "The property \"replicas\" must be a number"));

        Assert.That(message, Is.EqualTo("The input 'properties' was rejected by Port: The property \"replicas\" must be a number (422 invalid_request)."));
    }

    [Test]
    public async Task Commands_LeaveBodiesToTheClientsRedactedDebugLog_EvenWithSystemDebug()
    {
        using var debug = new RecordingAgent(debug: true);
        var debugAgent = debug.Agent;
        var entity = new JsonObject { ["identifier"] = "x", ["properties"] = new JsonObject { ["token"] = "tok-value-1" } };
        var query = new JsonObject { ["combinator"] = "and", ["rules"] = new JsonArray(new JsonObject { ["property"] = "password", ["operator"] = "=", ["value"] = "pw-value-2" }) };
        _client.Setup(c => c.UpsertEntityAsync("microservice", entity, It.IsAny<UpsertEntityOptions>(), It.IsAny<CancellationToken>())).ReturnsAsync(new JsonObject { ["identifier"] = "x" });
        _client.Setup(c => c.SearchEntitiesAsync(query, It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>())).ReturnsAsync([new JsonObject { ["identifier"] = "x" }]);

        await new UpsertEntityCommand(new UpsertEntityInputs(Connection, "microservice", entity, null, new UpsertEntityOptions()), _client.Object, debugAgent).ExecuteAsync(CancellationToken.None);
        await new GetEntityCommand(new GetEntityInputs(Connection, null, null, query, [], [], FailIfNotFound: true), _client.Object, debugAgent).ExecuteAsync(CancellationToken.None);

        Assert.That(debug.Lines.Where(l => l.StartsWith("##vso[task.debug]", StringComparison.Ordinal)), Is.Empty);
        Assert.That(debug.Lines, Has.None.Contains("pw-value-2"));
    }

    [Test]
    public async Task Upsert_TiedByPortRunIdToAnEndedRun_WarnsAndWritesWithoutTheTie()
    {
        var entity = new JsonObject { ["identifier"] = "checkout" };
        _client.Setup(c => c.GetRunAsync("r_done", It.IsAny<CancellationToken>())).ReturnsAsync(ActionRun.FromJson(new JsonObject { ["id"] = "r_done", ["status"] = "SUCCESS" }));
        _client.Setup(c => c.UpsertEntityAsync("microservice", entity, It.Is<UpsertEntityOptions>(o => o.RunId == null), It.IsAny<CancellationToken>())).ReturnsAsync(entity);
        var inputs = new UpsertEntityInputs(Connection, "microservice", entity, null, new UpsertEntityOptions { RunId = "r_done" }) { RunIdFromVariable = true };

        var outcome = await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Has.Some.StartsWith("##vso[task.logissue type=warning]The variable PORT_RUN_ID names the Port action run 'r_done', which is SUCCESS"));
        _client.VerifyAll();
    }

    [Test]
    public async Task Upsert_TiedByTheRunIdInput_IsSentAsGiven_WithoutAnExtraRead()
    {
        var entity = new JsonObject { ["identifier"] = "checkout" };
        _client.Setup(c => c.UpsertEntityAsync("microservice", entity, It.Is<UpsertEntityOptions>(o => o.RunId == "r_done"), It.IsAny<CancellationToken>())).ReturnsAsync(entity);
        var inputs = new UpsertEntityInputs(Connection, "microservice", entity, null, new UpsertEntityOptions { RunId = "r_done" });

        await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        _client.VerifyAll(); // strict mock: no GetRunAsync
    }

    [Test]
    public async Task Upsert_LargeStoredEntity_GoesToAFile_AndTheOutputStaysUnderTheLimit()
    {
        var stored = new JsonObject { ["identifier"] = "checkout", ["properties"] = new JsonObject { ["readme"] = new string('r', 40_000) } };
        _client.Setup(c => c.UpsertEntityAsync("microservice", It.IsAny<JsonObject>(), It.IsAny<UpsertEntityOptions>(), It.IsAny<CancellationToken>())).ReturnsAsync(stored);
        var inputs = new UpsertEntityInputs(Connection, "microservice", new JsonObject { ["identifier"] = "checkout" }, null, new UpsertEntityOptions());

        await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        var path = Output("entityFile");
        Assert.That(File.ReadAllText(path), Is.EqualTo(stored.ToJsonString()));
        Assert.That(Output("entity"), Is.Empty);
        Assert.That(Lines, Has.Some.StartsWith("##vso[task.logissue type=warning]The output 'entity' would be 40,").And.Contain(path));
    }

    [Test]
    public async Task Upsert_File_PartialFailure_FailsWithCountsAndPerEntityErrors()
    {
        var result = new BulkUpsertResult([new BulkEntityResult(0, "a", true)], [new BulkEntityError(1, "b", 422, "invalid_request", "bad")]);
        AnswerBulk(result);
        var inputs = new UpsertEntityInputs(Connection, "microservice", null, EntitiesFileOf("""{"identifier":"a"}""", """{"identifier":"b"}"""), new UpsertEntityOptions());

        var outcome = await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Failed));
        Assert.That(outcome.Message, Does.StartWith("1 of 2 entities upserted into 'microservice', 1 failed, in ").And.EndWith("Set 'failOnEntityError' to false to go on with issues."));
        Assert.That(Lines, Has.Some.EqualTo("##vso[task.setprogress value=100;]2 of 2 entities"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=identifiers;isOutput=true;isSecret=false][\"a\"]"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=failedCount;isOutput=true;isSecret=false]1"));
        Assert.That(Lines, Does.Contain("##vso[task.logissue type=error]Entity at line 2 ('b'): Port answered 422 invalid_request: bad"));
    }

    [Test]
    public async Task Upsert_File_RejectedEntities_WithFailOnEntityErrorOff_AreWarnings_AndTheStepSucceedsWithIssues()
    {
        var result = new BulkUpsertResult([new BulkEntityResult(0, "a", true)], [new BulkEntityError(1, "b", 422, "invalid_request", "bad")]);
        AnswerBulk(result);
        var inputs = new UpsertEntityInputs(Connection, "microservice", null, EntitiesFileOf("", """{"identifier":"a"}""", """{"identifier":"b"}"""), new UpsertEntityOptions()) { FailOnEntityError = false };

        var outcome = await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.SucceededWithIssues));
        Assert.That(Lines, Does.Contain("##vso[task.logissue type=warning]Entity at line 3 ('b'): Port answered 422 invalid_request: bad"));
        Assert.That(Lines, Has.None.StartsWith("##vso[task.logissue type=error]"));
    }

    [Test]
    public async Task Upsert_File_Canceled_SaysHowFarItGot_AndSetsTheOutputsForThatPart()
    {
        var file = EntitiesFileOf(Enumerable.Range(0, 45).Select(i => $$"""{"identifier":"e{{i}}"}""").ToArray());
        using var cancel = new CancellationTokenSource();
        CancelBulkAfter(cancel, read: 20, [Written(0, 20)]);
        var command = Upsert(new UpsertEntityInputs(Connection, "microservice", null, file, new UpsertEntityOptions()));

        await Assert.ThrowsAsync<OperationCanceledException>(() => command.ExecuteAsync(cancel.Token));

        Assert.That(command.Progress, Does.StartWith("20 of 45 entities were written into 'microservice' before it stopped (0 rejected)"));
        Assert.That(Output("upsertedCount"), Is.EqualTo("20"));
        Assert.That(Output("unconfirmedCount"), Is.EqualTo("0"));
        Assert.That(JsonNode.Parse(Output("identifiers"))!.AsArray(), Has.Count.EqualTo(20));
    }

    [Test]
    public async Task Upsert_File_Canceled_WithRequestsPortNeverAnswered_SaysUpToHowManyMoreMayHaveBeenWritten()
    {
        var file = EntitiesFileOf(Enumerable.Range(0, 100).Select(i => $$"""{"identifier":"e{{i}}"}""").ToArray());
        using var cancel = new CancellationTokenSource();
        // In the grace: one request in flight at the cancel answers, two do not.
        CancelBulkAfter(cancel, read: 80, [Written(0, 20)], Written(40, 20), new BulkUpsertResult([], []) { Unanswered = 20 }, new BulkUpsertResult([], []) { Unanswered = 20 });
        var command = Upsert(new UpsertEntityInputs(Connection, "microservice", null, file, new UpsertEntityOptions()));

        await Assert.ThrowsAsync<OperationCanceledException>(() => command.ExecuteAsync(cancel.Token));

        Assert.That(command.Progress, Is.EqualTo("40 of 100 entities were written into 'microservice' before it stopped (0 rejected), and up to 40 more may have been written (Port had not answered for them when it stopped waiting); the outputs hold those"));
        Assert.That((Output("upsertedCount"), Output("failedCount"), Output("unconfirmedCount")), Is.EqualTo(("40", "0", "40")));
        Assert.That(JsonNode.Parse(Output("identifiers"))!.AsArray().Select(i => (string)i!), Is.EqualTo(Enumerable.Range(0, 20).Concat(Enumerable.Range(40, 20)).Select(i => $"e{i}")));
    }

    [Test]
    public async Task Upsert_File_HandsTheClientTheParallelRequestsInput()
    {
        AnswerBulk(new BulkUpsertResult([new BulkEntityResult(0, "a", true)], []));
        var inputs = new UpsertEntityInputs(Connection, "microservice", null, EntitiesFileOf("""{"identifier":"a"}"""), new UpsertEntityOptions()) { ParallelRequests = 3 };

        await Upsert(inputs).ExecuteAsync(CancellationToken.None);

        _client.Verify(c => c.BulkUpsertEntitiesAsync("microservice", It.IsAny<IEnumerable<JsonObject>>(), It.IsAny<UpsertEntityOptions>(), 3, It.IsAny<Action<BulkUpsertResult>?>(), It.IsAny<CancellationToken>()));
        Assert.That(Lines[0], Does.EndWith("up to 3 requests in flight)"));
    }

    /// <summary>An NDJSON file of these lines, checked as the inputs check it.</summary>
    private EntitiesFile EntitiesFileOf(params string[] lines)
    {
        var path = Path.Combine(_recorder.SpillDirectory, "entities.ndjson"); // removed with the recorder
        File.WriteAllLines(path, lines);
        var file = EntitiesFile.Open("entitiesFile", path, "microservice");
        file.Check();
        return file;
    }

    /// <summary>
    /// The bulk upsert reads <paramref name="read"/> entities and reports <paramref name="before"/>; then the step is
    /// canceled, the requests in flight answer (or not) with <paramref name="inTheGrace"/>, and it throws as the client does.
    /// </summary>
    private void CancelBulkAfter(CancellationTokenSource cancel, int read, BulkUpsertResult[] before, params BulkUpsertResult[] inTheGrace) =>
        _client.Setup(c => c.BulkUpsertEntitiesAsync("microservice", It.IsAny<IEnumerable<JsonObject>>(), It.IsAny<UpsertEntityOptions>(), It.IsAny<int>(), It.IsAny<Action<BulkUpsertResult>?>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, IEnumerable<JsonObject> entities, UpsertEntityOptions? _, int _, Action<BulkUpsertResult>? done, CancellationToken ct) =>
            {
                _ = entities.Take(read).ToList();
                Array.ForEach(before, done!);
                await cancel.CancelAsync();
                Array.ForEach(inTheGrace, done!);
                ct.ThrowIfCancellationRequested();
                return null!;
            });

    /// <summary>Port's answer that it wrote entities e{first} to e{first + count - 1}, at those indexes.</summary>
    private static BulkUpsertResult Written(int first, int count) =>
        new(Enumerable.Range(first, count).Select(i => new BulkEntityResult(i, $"e{i}", true)).ToList(), []);

    /// <summary>The bulk upsert reads every entity, as the client does, and answers <paramref name="result"/>.</summary>
    private void AnswerBulk(BulkUpsertResult result) =>
        _client.Setup(c => c.BulkUpsertEntitiesAsync("microservice", It.IsAny<IEnumerable<JsonObject>>(), It.IsAny<UpsertEntityOptions>(), It.IsAny<int>(), It.IsAny<Action<BulkUpsertResult>?>(), It.IsAny<CancellationToken>()))
            .Callback((string _, IEnumerable<JsonObject> entities, UpsertEntityOptions? _, int _, Action<BulkUpsertResult>? done, CancellationToken _) =>
            {
                _ = entities.ToList();
                done!(result);
            })
            .ReturnsAsync(result);

    [Test]
    public async Task Get_NotFound_WithoutFailing_SetsFoundFalse()
    {
        _client.Setup(c => c.GetEntityAsync("microservice", "ghost", It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortNotFoundException("not_found", "Entity with identifier \"ghost\" not found in blueprint \"microservice\"") { Subject = PortErrorSubject.Entity });
        var inputs = new GetEntityInputs(Connection, "microservice", "ghost", null, [], [], FailIfNotFound: false);

        var outcome = await Get(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=found;isOutput=true;isSecret=false]false"));
    }

    [Test]
    public async Task Get_NotFound_FailsByDefault()
    {
        _client.Setup(c => c.GetEntityAsync("microservice", "ghost", It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortNotFoundException("not_found", "Entity with identifier \"ghost\" not found in blueprint \"microservice\"") { Subject = PortErrorSubject.Entity });
        var inputs = new GetEntityInputs(Connection, "microservice", "ghost", null, [], [], FailIfNotFound: true);

        var outcome = await Get(inputs).ExecuteAsync(CancellationToken.None);

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

        var outcome = await Get(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=count;isOutput=true;isSecret=false]2"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=identifier;isOutput=true;isSecret=false]a"));
        Assert.That(Lines, Does.Contain("##vso[task.setvariable variable=property_lead_time;isOutput=true;isSecret=false]2.5"));
    }

    [Test]
    public async Task Get_QueryMatchingThousands_CapsEntitiesToTheFirstThatFit_AndWritesAllToAFile()
    {
        var query = new JsonObject { ["combinator"] = "and", ["rules"] = new JsonArray() };
        var matches = Enumerable.Range(0, 5000).Select(i => new JsonObject { ["identifier"] = $"service-{i:D4}", ["title"] = $"Service {i}" }).ToList();
        _client.Setup(c => c.SearchEntitiesAsync(query, It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>())).ReturnsAsync(matches);

        await Get(new GetEntityInputs(Connection, null, null, query, [], [], FailIfNotFound: true)).ExecuteAsync(CancellationToken.None);

        Assert.That(Output("count"), Is.EqualTo("5000"));
        var capped = JsonNode.Parse(Output("entities"))!.AsArray();
        Assert.That(Output("entities"), Has.Length.LessThanOrEqualTo(AgentCommands.MaxOutputLength));
        Assert.That(capped, Has.Count.InRange(500, 4999));
        Assert.That(JsonNode.Parse(File.ReadAllText(Output("entitiesFile")))!.AsArray(), Has.Count.EqualTo(5000));
        Assert.That(Lines, Has.Some.Contains($"'entities' holds the first {capped.Count:N0} of 5,000 matches"));
    }

    [Test]
    public async Task Get_BlueprintQuery_ReadsEveryPage_IntoTheOutputFile_OneEntityALine()
    {
        var query = new JsonObject { ["combinator"] = "and", ["rules"] = new JsonArray() };
        JsonObject Entity(int i) => new() { ["identifier"] = $"svc-{i}" };
        _client.Setup(c => c.SearchBlueprintEntitiesPageAsync("microservice", query, It.IsAny<GetEntityOptions>(), 1000, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BlueprintSearchPage(Enumerable.Range(0, 1000).Select(Entity).ToList(), "p2"));
        _client.Setup(c => c.SearchBlueprintEntitiesPageAsync("microservice", query, It.IsAny<GetEntityOptions>(), 1000, "p2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BlueprintSearchPage(Enumerable.Range(1000, 1000).Select(Entity).ToList(), "p3"));
        _client.Setup(c => c.SearchBlueprintEntitiesPageAsync("microservice", query, It.IsAny<GetEntityOptions>(), 1000, "p3", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BlueprintSearchPage(Enumerable.Range(2000, 500).Select(Entity).ToList(), null));
        var file = Path.Combine(_recorder.SpillDirectory, "out", "services.ndjson");

        var outcome = await Get(new GetEntityInputs(Connection, "microservice", null, query, [], [], FailIfNotFound: true, file)).ExecuteAsync(CancellationToken.None);

        var lines = File.ReadAllLines(file);
        Assert.That(lines, Has.Length.EqualTo(2500));
        Assert.That((string?)JsonNode.Parse(lines[2499])!["identifier"], Is.EqualTo("svc-2499"));
        Assert.That((Output("count"), Output("entitiesFile"), Output("identifier")), Is.EqualTo(("2500", file, "svc-0")));
        Assert.That(Output("entities"), Has.Length.LessThanOrEqualTo(AgentCommands.MaxOutputLength));
        Assert.That(outcome.Message, Does.EndWith($"Every match is in {file}."));
    }

    [Test]
    public async Task Get_SmallSearch_WithoutOutputFile_LeavesNoFileBehind()
    {
        var query = new JsonObject { ["combinator"] = "and", ["rules"] = new JsonArray() };
        _client.Setup(c => c.SearchEntitiesAsync(query, It.IsAny<GetEntityOptions>(), It.IsAny<CancellationToken>())).ReturnsAsync([new JsonObject { ["identifier"] = "a" }]);

        await Get(new GetEntityInputs(Connection, null, null, query, [], [], FailIfNotFound: true)).ExecuteAsync(CancellationToken.None);

        Assert.That((Output("entities"), Output("entitiesFile")), Is.EqualTo(("""[{"identifier":"a"}]""", "")));
        Assert.That(Directory.EnumerateFiles(_recorder.SpillDirectory, "*", SearchOption.AllDirectories), Is.Empty);
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

        var outcome = await Report(inputs).ExecuteAsync(CancellationToken.None);

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

        var outcome = await Report(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Message, Is.EqualTo("Port action run 'r_1' is IN_PROGRESS (Building)."));
        _client.VerifyAll();
    }

    [Test]
    public async Task Report_EndedRun_GivesAClearMessage()
    {
        _client.Setup(c => c.AddRunLogAsync("r_1", It.IsAny<RunLogEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortApiException(HttpStatusCode.UnprocessableEntity, "run_already_terminated", "already ended") { Subject = PortErrorSubject.RunEnded });
        var inputs = new ReportRunInputs(Connection, "r_1", "FAILURE", null, null, [], null, null, null);

        var ex = await Assert.ThrowsAsync<TaskFailedException>(() => Report(inputs).ExecuteAsync(CancellationToken.None));

        Assert.That(ex!.Message, Does.StartWith("The Port action run 'r_1' has already ended, so Port accepts no more updates"));
    }

    [Test]
    public async Task Report_EndedRun_WithoutFailing_SucceedsWithIssuesAndAWarning()
    {
        _client.Setup(c => c.AddRunLogAsync("r_1", It.IsAny<RunLogEntry>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PortApiException(HttpStatusCode.UnprocessableEntity, "run_already_terminated", "already ended") { Subject = PortErrorSubject.RunEnded });
        var inputs = new ReportRunInputs(Connection, "r_1", "FAILURE", null, null, [], null, null, null, FailIfRunEnded: false);

        var outcome = await Report(inputs).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.SucceededWithIssues));
        Assert.That(Lines, Has.Some.StartsWith("##vso[task.logissue type=warning]The Port action run 'r_1' has already ended"));
        Assert.That(Lines, Has.None.Contains("runStatus"), "no status is claimed for a run this step did not end");
    }

    [Test]
    public async Task Report_UnknownRun_NamesRunId()
    {
        var environment = TestEnvironment.WithCredentials().Input("runId", "r_x").Input("status", "FAILURE");

        var message = await FailureMessage<ReportRunInputs>((inputs, port, agent) => new ReportRunCommand(inputs, port, agent), environment,
            FakePort.Error(HttpStatusCode.NotFound, "not_found", "Action run with id \"r_x\" not found"));

        Assert.That(message, Is.EqualTo("The input 'runId' is 'r_x', but Port has no such action run (Action run with id \"r_x\" not found). Pass the run id Port sent to the pipeline."));
    }

    /// <summary>
    /// Runs a task as its Program.cs does, through <see cref="TaskRunner"/>, over a real client whose one call Port answers
    /// with <paramref name="portError"/>: the client's classifier decides what the error is about, the task names the
    /// input. Returns the message the step fails with.
    /// </summary>
    private static async Task<string> FailureMessage<TInputs>(Func<TInputs, PortClient, IStepHost, ITaskCommand> command, TestEnvironment environment, HttpResponseMessage portError)
        where TInputs : ITaskInputs<TInputs>
    {
        const string Failed = "##vso[task.complete result=Failed;]";
        using var port = new FakePort(_ => portError);
        using var output = new StringWriter();

        var exitCode = await TaskRunner.RunAsync(command, new DictionaryEnvironment(environment.Values), output, options => new PortClient(options, port), CancellationToken.None);

        Assert.That((exitCode, port.Requests.Count), Is.EqualTo((1, 1)), "one call to Port, which failed the step");
        return output.ToString().Split('\n').Single(l => l.StartsWith(Failed, StringComparison.Ordinal))[Failed.Length..];
    }
}
