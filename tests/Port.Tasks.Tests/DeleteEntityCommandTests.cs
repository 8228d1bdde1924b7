using System.Net;
using System.Text.Json.Nodes;
using Moq;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.DeleteEntity;

namespace Port.Tasks.Tests;

/// <summary>
/// PortDeleteEntity@1's command: over a mocked client where the command's own choices are the subject, over a real
/// client and a fake Port where what reaches Port (the bulk delete's chunks, its query) or Port's answer matters.
/// </summary>
public class DeleteEntityCommandTests() : CommandFixture("PortDeleteEntity")
{
    private const string BulkDeleteRoute = "/v1/blueprints/microservice/bulk/entities/delete";

    private string[] Infos => Lines.Where(l => !l.StartsWith("##", StringComparison.Ordinal)).ToArray();

    private static DeleteEntityInputs Inputs(IReadOnlyList<string> identifiers, bool dryRun = false, bool failIfNotFound = false, bool deleteDependents = false, string? runId = null) =>
        new(Connection, "microservice", identifiers, null, identifiers.Count == 1 ? "identifier" : "identifiers", deleteDependents, runId, failIfNotFound, dryRun);

    private DeleteEntityCommand Command(DeleteEntityInputs inputs, PortClient? client = null) => new(inputs, client ?? ClientMock.Object, Recorder.Agent);

    private static string[] Ids(int count) => Enumerable.Range(0, count).Select(i => $"svc-{i}").ToArray();

    private static string[] Identifiers(JsonNode? entities) => entities!.AsArray().Select(i => (string)i!).ToArray();

    private static JsonArray Array(IEnumerable<string> identifiers) => new(identifiers.Select(i => (JsonNode?)i).ToArray());

    private static string Json(IEnumerable<string> identifiers) => Array(identifiers).ToJsonString();

    /// <summary>Port's bulk delete, holding every entity but <paramref name="missing"/>: it answers with those it deleted.</summary>
    private static HttpResponseMessage BulkDeleted(SentToPort sent, params string[] missing) =>
        FakePort.Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true, ["deletedEntities"] = Array(Identifiers(sent.Body!["entities"]).Except(missing)) });

    [Test]
    public async Task One_IsDeleted_AndItsIdentifierIsTheOutput()
    {
        ClientMock.Setup(c => c.DeleteEntityAsync("microservice", "checkout", It.Is<DeleteEntityOptions>(o => !o.DeleteDependents && o.RunId == null), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);

        var outcome = await Command(Inputs(["checkout"])).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(TaskOutcome.Succeeded("Deleted 1 entity of 'microservice'.")));
        Assert.That(Lines, Is.EqualTo(new[]
        {
            "##[group]Delete entities of microservice chosen by 'identifier'",
            "##[endgroup]",
            "##vso[task.setvariable variable=deletedCount;isOutput=true;isSecret=false]1",
            "##vso[task.setvariable variable=identifiers;isOutput=true;isSecret=false][\"checkout\"]",
            "##vso[task.setvariable variable=identifiersFile;isOutput=true;isSecret=false]",
        }), "identifiersFile is empty: the list fits in its variable");
    }

    [Test]
    public async Task MoreThan100_GoToPortsBulkDeleteInChunksOf100_EachReportedAsItIsDone()
    {
        var port = new FakePort(sent => BulkDeleted(sent));
        using var client = port.Client();
        var ids = Ids(250);

        var outcome = await Command(Inputs(ids), client).ExecuteAsync(CancellationToken.None);

        Assert.That(port.Requests.Select(r => (r.Method.Method, r.PathAndQuery)), Is.All.EqualTo(("POST", BulkDeleteRoute + "?delete_dependents=false")));
        Assert.That(port.Requests.Select(r => Identifiers(r.Body!["entities"])), Is.EqualTo(ids.Chunk(100)));
        Assert.That(outcome, Is.EqualTo(TaskOutcome.Succeeded("Deleted 250 entities of 'microservice'.")));
        Assert.That(Infos, Is.EqualTo(new[] { "Deleted 100 of 250.", "Deleted 200 of 250.", "Deleted 250 of 250." }));
        Assert.That((Output("deletedCount"), Output("identifiers")), Is.EqualTo(("250", Json(ids))));
    }

    [Test]
    public async Task DryRun_SearchesWhatExists100AtATime_ListsIt_AndDeletesNothing()
    {
        var ids = Ids(150);
        var existing = ids.Where((_, i) => i % 3 != 0).ToList();
        var searched = new List<string[]>();
        ClientMock.Setup(c => c.SearchBlueprintEntitiesAsync("microservice", It.IsAny<JsonObject>(), It.Is<GetEntityOptions>(o => o.Include!.SequenceEqual(new[] { "identifier" })), int.MaxValue, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, JsonObject? query, GetEntityOptions? _, int _, CancellationToken _) =>
            {
                var asked = Identifiers(query!["rules"]![0]!["value"]);
                searched.Add(asked);
                return (IReadOnlyList<JsonObject>)asked.Intersect(existing).Select(id => new JsonObject { ["identifier"] = id }).ToList();
            });

        var outcome = await Command(Inputs(ids, dryRun: true)).ExecuteAsync(CancellationToken.None);

        Assert.That(searched, Is.EqualTo(ids.Chunk(100)), "one search a chunk of 100 identifiers, each by \"$identifier in\"");
        ClientMock.Verify(c => c.SearchBlueprintEntitiesAsync(It.IsAny<string>(), It.IsAny<JsonObject>(), It.IsAny<GetEntityOptions>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        ClientMock.VerifyNoOtherCalls();
        Assert.That(outcome, Is.EqualTo(TaskOutcome.Succeeded("Dry run: 100 entities of 'microservice' would be deleted; nothing was.")));
        Assert.That(Lines[0], Is.EqualTo("##[group]Dry run: delete entities of microservice chosen by 'identifiers'"));
        Assert.That(Infos, Is.EqualTo(new[] { "Would delete 100 entities: 'svc-1', 'svc-2', 'svc-4', 'svc-5', 'svc-7', 'svc-8', 'svc-10', 'svc-11', 'svc-13', 'svc-14' and 90 more" }));
        Assert.That((Output("deletedCount"), Output("identifiers")), Is.EqualTo(("0", Json(existing))));
    }

    [Test]
    public async Task Canceled_InTheMiddleOfAChunkedDelete_SaysHowManyOfHowManyWent_AndTheOutputsHoldThem()
    {
        using var cancellation = new CancellationTokenSource();
        var answered = 0;
        var port = new FakePort(sent =>
        {
            if (++answered < 2)
            {
                return BulkDeleted(sent);
            }

            // The step is canceled while Port works on the second chunk.
            cancellation.Cancel();
            throw new OperationCanceledException(cancellation.Token);
        });
        using var client = port.Client();
        var ids = Ids(250);
        var command = Command(Inputs(ids), client);

        await Assert.CatchAsync<OperationCanceledException>(() => command.ExecuteAsync(cancellation.Token));

        Assert.That(command.Progress, Is.EqualTo("100 of 250 entities of 'microservice' were deleted before it stopped; the outputs hold those"));
        Assert.That((Output("deletedCount"), Output("identifiers")), Is.EqualTo(("100", Json(ids.Take(100)))));
        Assert.That(port.Requests, Has.Count.EqualTo(2), "the third chunk was not sent");
    }

    [TestCase(false, TaskResult.Succeeded, "")]
    [TestCase(true, TaskResult.Failed, " Set 'failIfNotFound' to false to count deleting what is gone as success.")]
    public async Task One_ThatPortDoesNotHave_FailsOnlyWithFailIfNotFound(bool failIfNotFound, TaskResult result, string advice)
    {
        var port = new FakePort(_ => FakePort.Error(HttpStatusCode.NotFound, "not_found", "Entity with identifier \"checkout\" not found in blueprint \"microservice\""));
        using var client = port.Client();

        var outcome = await Command(Inputs(["checkout"], failIfNotFound: failIfNotFound), client).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(new TaskOutcome(result, "Deleted 0 entities of 'microservice'; 1 did not exist ('checkout')." + advice)));
        Assert.That(Infos, Is.EqualTo(new[] { "'checkout' is not in 'microservice': nothing to delete." }));
        Assert.That((Output("deletedCount"), Output("identifiers")), Is.EqualTo(("0", "[]")));
    }

    [TestCase(false, TaskResult.Succeeded, "")]
    [TestCase(true, TaskResult.Failed, " Set 'failIfNotFound' to false to count deleting what is gone as success.")]
    public async Task Many_SomeOfWhichPortDoesNotHave_FailOnlyWithFailIfNotFound(bool failIfNotFound, TaskResult result, string advice)
    {
        var port = new FakePort(sent => BulkDeleted(sent, "svc-1", "svc-3"));
        using var client = port.Client();

        var outcome = await Command(Inputs(Ids(4), failIfNotFound: failIfNotFound), client).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(new TaskOutcome(result, "Deleted 2 entities of 'microservice'; 2 did not exist ('svc-1', 'svc-3')." + advice)));
        Assert.That((Output("deletedCount"), Output("identifiers")), Is.EqualTo(("2", """["svc-0","svc-2"]""")));
    }

    [Test]
    public async Task One_InABlueprintPortDoesNotHave_IsAFailure_NotAMissingEntity()
    {
        var port = new FakePort(_ => FakePort.Error(HttpStatusCode.NotFound, "not_found", "Blueprint with identifier \"microservice\" not found"));
        using var client = port.Client();

        var ex = await Assert.ThrowsAsync<PortNotFoundException>(() => Command(Inputs(["checkout"]), client).ExecuteAsync(CancellationToken.None));

        Assert.That(ex!.Subject, Is.EqualTo(PortErrorSubject.Blueprint));
    }

    [TestCase(1, "/v1/blueprints/microservice/entities/svc-0")]
    [TestCase(3, BulkDeleteRoute)]
    public async Task DeleteDependents_AndTheRunId_ReachPort(int count, string route)
    {
        var port = new FakePort(sent => sent.Method == HttpMethod.Delete ? FakePort.Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true }) : BulkDeleted(sent));
        using var client = port.Client();

        var outcome = await Command(Inputs(Ids(count), deleteDependents: true, runId: "r_1"), client).ExecuteAsync(CancellationToken.None);

        Assert.That(port.Requests.Select(r => r.PathAndQuery), Is.EqualTo(new[] { route + "?delete_dependents=true&run_id=r_1" }));
        Assert.That(Lines[0], Does.EndWith(", with their dependents"));
        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
    }
}
