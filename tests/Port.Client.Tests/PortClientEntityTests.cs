using System.Net;
using System.Text.Json.Nodes;
using Port.Client.Models;

namespace Port.Client.Tests;

public class PortClientEntityTests : ClientFixture
{
    [TestCase(UpsertMode.Merge, "upsert=true&merge=true")]
    [TestCase(UpsertMode.Replace, "upsert=true")]
    [TestCase(UpsertMode.Create, "upsert=false")]
    public async Task UpsertEntityAsync_Mode_SendsPortsQueryFlags(UpsertMode mode, string expectedQuery)
    {
        Handler.Respond(HttpStatusCode.Created, EntityJson);

        var entity = await Client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "svc" }, new UpsertEntityOptions { Mode = mode });

        var request = Handler.ApiRequests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.PathAndQuery, Is.EqualTo("/v1/blueprints/microservice/entities?" + expectedQuery));
        Assert.That(request.Body, Is.EqualTo("""{"identifier":"svc"}"""));
        Assert.That(request.Authorization, Is.EqualTo("Bearer token-1"));
        Assert.That((string?)entity["properties"]!["version"], Is.EqualTo("1.2.3"));
    }

    [Test]
    public async Task UpsertEntityAsync_AllFlags_AreSent()
    {
        Handler.Respond(HttpStatusCode.Created, EntityJson);

        await Client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "svc" },
            new UpsertEntityOptions { CreateMissingRelatedEntities = true, ValidationOnly = true, RunId = "r_1" });

        Assert.That(Handler.ApiRequests.Single().PathAndQuery, Is.EqualTo(
            "/v1/blueprints/microservice/entities?upsert=true&merge=true&validation_only=true&create_missing_related_entities=true&run_id=r_1"));
    }

    [Test]
    public async Task GetEntityAsync_IncludeExclude_AreRepeatedKeysAndSegmentsEscaped()
    {
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("micro service", "a/b?c", new GetEntityOptions
        {
            Include = ["properties.version", "title"],
            Exclude = ["relations"],
            ExcludeCalculatedProperties = true,
        });

        var request = Handler.ApiRequests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
        Assert.That(request.Uri.AbsolutePath, Is.EqualTo("/v1/blueprints/micro%20service/entities/a%2Fb%3Fc"));
        Assert.That(request.Uri.Query, Is.EqualTo("?exclude_calculated_properties=true&include=properties.version&include=title&exclude=relations"));
    }

    [Test]
    public async Task GetEntityAsync_DotIdentifier_CannotClimbTheRoute()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Client.GetEntityAsync("microservice", ".."));

        Assert.That(ex!.Message, Does.Contain("Port's pattern excludes"));
        Assert.That(Handler.Requests, Is.Empty);
    }

    [Test]
    public async Task DeleteEntityAsync_SendsDeleteDependentsAndRunId()
    {
        Handler.Respond(HttpStatusCode.OK, """{"ok":true}""");

        await Client.DeleteEntityAsync("microservice", "svc", new DeleteEntityOptions { DeleteDependents = true, RunId = "r_9" });

        var request = Handler.ApiRequests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Delete));
        Assert.That(request.PathAndQuery, Is.EqualTo("/v1/blueprints/microservice/entities/svc?delete_dependents=true&run_id=r_9"));
    }

    [Test]
    public async Task BulkUpsertEntitiesAsync_45Entities_SendsChunksOf20AndMapsIndexesBack()
    {
        var entities = Enumerable.Range(0, 45).Select(i => new JsonObject { ["identifier"] = $"e{i}" }).ToList();
        Handler.Respond(HttpStatusCode.OK, BulkAnswer(0, 20, failIndex: null));
        Handler.Respond((HttpStatusCode)207, BulkAnswer(0, 20, failIndex: 3));
        Handler.Respond(HttpStatusCode.OK, BulkAnswer(0, 5, failIndex: null));

        var result = await Client.BulkUpsertEntitiesAsync("microservice", entities, new UpsertEntityOptions { RunId = "r_1" });

        Assert.That(Handler.ApiRequests.Select(r => JsonNode.Parse(r.Body!)!["entities"]!.AsArray().Count), Is.EqualTo(new[] { 20, 20, 5 }));
        Assert.That(Handler.ApiRequests[0].PathAndQuery, Is.EqualTo("/v1/blueprints/microservice/entities/bulk?upsert=true&merge=true&run_id=r_1"));
        Assert.That(result.Entities, Has.Count.EqualTo(44));
        Assert.That(result.Errors.Single().Index, Is.EqualTo(23));
        Assert.That(result.Errors.Single().Message, Is.EqualTo("bad property"));
        Assert.That(result.Entities.Select(e => e.Index), Is.EqualTo(Enumerable.Range(0, 45).Where(i => i != 23)));
    }

    [Test]
    public async Task BulkUpsertEntitiesAsync_LargeEntities_SplitUnderOneMebibyte()
    {
        var big = new string('x', 300_000);
        var entities = Enumerable.Range(0, 5).Select(i => new JsonObject { ["identifier"] = $"e{i}", ["properties"] = new JsonObject { ["blob"] = big } }).ToList();
        for (var i = 0; i < 2; i++)
        {
            Handler.Respond(HttpStatusCode.OK, """{"ok":true,"entities":[],"errors":[]}""");
        }

        await Client.BulkUpsertEntitiesAsync("microservice", entities);

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
        Assert.That(Handler.ApiRequests.All(r => r.Body!.Length <= 1024 * 1024), Is.True);
    }

    [Test]
    public async Task SearchEntitiesAsync_PostsTheQueryAndReturnsEntities()
    {
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"matchingBlueprints":["microservice"],"entities":[{"identifier":"a"},{"identifier":"b"}]}""");
        var query = JsonNode.Parse("""{"combinator":"and","rules":[{"property":"$blueprint","operator":"=","value":"microservice"}]}""")!.AsObject();

        var entities = await Client.SearchEntitiesAsync(query, new GetEntityOptions { Include = ["identifier"] });

        var request = Handler.ApiRequests.Single();
        Assert.That(request.PathAndQuery, Is.EqualTo("/v1/entities/search?include=identifier"));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(request.Body!), query), Is.True);
        Assert.That(entities.Select(e => (string?)e["identifier"]), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task SearchBlueprintEntitiesAsync_FollowsNextUntilTheLastPage()
    {
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"next":"cursor-1","entities":[{"identifier":"a"}]}""");
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"entities":[{"identifier":"b"}]}""");

        var entities = await Client.SearchBlueprintEntitiesAsync("microservice", null, new GetEntityOptions { Include = ["title"], Exclude = ["relations"] });

        Assert.That(entities.Select(e => (string?)e["identifier"]), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Handler.ApiRequests[0].PathAndQuery, Is.EqualTo("/v1/blueprints/microservice/entities/search"));
        Assert.That(Handler.ApiRequests[0].Body, Is.EqualTo("""{"limit":1000,"include":["title"],"exclude":["relations"]}"""));
        Assert.That((string?)JsonNode.Parse(Handler.ApiRequests[1].Body!)!["from"], Is.EqualTo("cursor-1"));
    }

    private static string BulkAnswer(int start, int count, int? failIndex)
    {
        var ok = Enumerable.Range(start, count).Where(i => i != failIndex)
            .Select(i => new JsonObject { ["created"] = true, ["identifier"] = $"x{i}", ["index"] = i });
        var errors = failIndex is { } f
            ? new[] { new JsonObject { ["identifier"] = $"x{f}", ["index"] = f, ["statusCode"] = 422, ["error"] = "invalid", ["message"] = "bad property" } }
            : [];
        return new JsonObject
        {
            ["ok"] = true,
            ["entities"] = new JsonArray(ok.Select(o => (JsonNode)o).ToArray()),
            ["errors"] = new JsonArray(errors.Select(o => (JsonNode)o).ToArray()),
        }.ToJsonString();
    }

    [Test]
    public async Task BulkDeleteEntitiesAsync_250Identifiers_SendsChunksOf100_WithTheFlags()
    {
        for (var i = 0; i < 3; i++)
        {
            Handler.Respond(HttpStatusCode.OK, """{"ok":true,"deletedEntities":["a"]}""");
        }

        var chunks = new List<int>();

        var deleted = await Client.BulkDeleteEntitiesAsync("micro service", Enumerable.Range(0, 250).Select(i => $"e{i}").ToList(),
            new DeleteEntityOptions { DeleteDependents = true, RunId = "r_1" }, done => chunks.Add(done.Count));

        Assert.That(Handler.ApiRequests.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body!)!["entities"]!.AsArray().Count), Is.EqualTo(new[] { 100, 100, 50 }));
        Assert.That(Handler.ApiRequests[0].PathAndQuery, Is.EqualTo("/v1/blueprints/micro%20service/bulk/entities/delete?delete_dependents=true&run_id=r_1"));
        Assert.That((deleted.Count, chunks.Count), Is.EqualTo((3, 3)));
    }
}
