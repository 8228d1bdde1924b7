using System.Net;
using System.Text.Json.Nodes;

namespace Port.Emulator.Tests;

public class EntityContractTests : EmulatorFixture
{
    private const string Entities = "/v1/blueprints/microservice/entities";

    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task Create_New_Is201WithTheStoredEntity()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Entities, """{"identifier":"ledger","title":"Ledger","properties":{"version":"0.1.0","replicas":1}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((string?)body["entity"]!["identifier"], Is.EqualTo("ledger"));
        Assert.That((string?)body["entity"]!["blueprint"], Is.EqualTo("microservice"));
        Assert.That((string?)body["entity"]!["createdBy"], Is.EqualTo("demo-client-id"));
    }

    [Test]
    public async Task Create_WithoutIdentifier_GeneratesOne()
    {
        var (_, body) = await SendAsync(HttpMethod.Post, Entities, """{"title":"Anonymous"}""");

        Assert.That((string?)body["entity"]!["identifier"], Does.StartWith("e_"));
    }

    [Test]
    public async Task Create_Existing_WithoutUpsert_Is409() =>
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"checkout"}"""), HttpStatusCode.Conflict, "identifier_taken");

    [Test]
    public async Task UpsertMerge_KeepsWhatWasNotSent()
    {
        await SendAsync(HttpMethod.Post, Entities + "?upsert=true&merge=true", """{"identifier":"checkout","properties":{"version":"9.9.9"}}""");

        var (_, body) = await SendAsync(HttpMethod.Get, Entities + "/checkout");
        Assert.That((string?)body["entity"]!["properties"]!["version"], Is.EqualTo("9.9.9"));
        Assert.That((string?)body["entity"]!["properties"]!["language"], Is.EqualTo("csharp"));
        Assert.That((string?)body["entity"]!["relations"]!["team"], Is.EqualTo("payments"));
    }

    [Test]
    public async Task UpsertReplace_DropsWhatWasNotSent()
    {
        await SendAsync(HttpMethod.Post, Entities + "?upsert=true", """{"identifier":"checkout","properties":{"version":"9.9.9"}}""");

        var (_, body) = await SendAsync(HttpMethod.Get, Entities + "/checkout");
        Assert.That((string?)body["entity"]!["properties"]!["version"], Is.EqualTo("9.9.9"));
        Assert.That(body["entity"]!["properties"]!["language"], Is.Null);
        Assert.That((string?)body["entity"]!["createdAt"], Is.EqualTo("2026-01-01T00:00:00.000Z"), "replace keeps the creation time");
    }

    [Test]
    public async Task ValidationOnly_StoresNothing()
    {
        var (status, _) = await SendAsync(HttpMethod.Post, Entities + "?validation_only=true", """{"identifier":"ghost"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        AssertPortError(await SendAsync(HttpMethod.Get, Entities + "/ghost"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task RelationToMissingEntity_Is404_UnlessAskedToCreateIt()
    {
        const string body = """{"identifier":"ledger","relations":{"team":"finance"}}""";
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, body), HttpStatusCode.NotFound, "not_found", "finance");

        var (status, _) = await SendAsync(HttpMethod.Post, Entities + "?create_missing_related_entities=true", body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        var (teamStatus, _) = await SendAsync(HttpMethod.Get, "/v1/blueprints/team/entities/finance");
        Assert.That(teamStatus, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("""{"replicas":"three"}""", "\"replicas\" must be a number, but got a string")]
    [TestCase("""{"healthy":"yes"}""", "\"healthy\" must be a boolean")]
    [TestCase("""{"tags":"a"}""", "\"tags\" must be an array")]
    [TestCase("""{"tags":[1]}""", "\"tags[0]\" must be a string")]
    [TestCase("""{"config":[]}""", "\"config\" must be an object")]
    [TestCase("""{"language":"cobol"}""", "must be one of")]
    [TestCase("""{"lastDeployedAt":"yesterday"}""", "valid date-time")]
    [TestCase("""{"repository":"not a url"}""", "valid url")]
    [TestCase("""{"owner":"nobody"}""", "valid email")]
    [TestCase("""{"colour":"red"}""", "\"colour\" is not defined")]
    public async Task PropertyAgainstSchema_Is422(string properties, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, $$"""{"identifier":"bad","properties":{{properties}}}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request", messagePart);

    [Test]
    public async Task RelationTheBlueprintDoesNotDefine_Is404_AsPortAnswers() =>
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"x","relations":{"owner":"payments"}}"""),
            HttpStatusCode.NotFound, "not_found", "The relation \"owner\" is not defined");

    [TestCase("has space")]
    [TestCase("..")]
    [TestCase("semi;colon")]
    public async Task IdentifierOffPattern_Is422(string identifier) =>
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, new JsonObject { ["identifier"] = identifier }.ToJsonString()),
            HttpStatusCode.UnprocessableEntity, "invalid_request", "pattern");

    [Test]
    public async Task IdentifierTooLong_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, new JsonObject { ["identifier"] = new string('a', 1001) }.ToJsonString()),
            HttpStatusCode.UnprocessableEntity, "invalid_request", "limit is 1000");

    [Test]
    public async Task UnknownBlueprint_Is404() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints/nope/entities", """{"identifier":"a"}"""), HttpStatusCode.NotFound, "not_found", "Blueprint");

    [Test]
    public async Task Get_IncludeAndExclude_ShapeTheEntity()
    {
        var (_, included) = await SendAsync(HttpMethod.Get, Entities + "/checkout?include=properties.version&include=title");
        var (_, excluded) = await SendAsync(HttpMethod.Get, Entities + "/checkout?exclude=relations&exclude=properties.tags");

        Assert.That(included["entity"]!.ToJsonString(), Is.EqualTo("""{"properties":{"version":"1.4.0"},"title":"Checkout"}"""));
        Assert.That(excluded["entity"]!["relations"], Is.Null);
        Assert.That(excluded["entity"]!["properties"]!["tags"], Is.Null);
        Assert.That((string?)excluded["entity"]!["properties"]!["version"], Is.EqualTo("1.4.0"));
    }

    [Test]
    public async Task Get_Missing_Is404() =>
        AssertPortError(await SendAsync(HttpMethod.Get, Entities + "/nope"), HttpStatusCode.NotFound, "not_found", "nope");

    [Test]
    public async Task Delete_WithDependents_NeedsDeleteDependents()
    {
        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/blueprints/team/entities/payments"), HttpStatusCode.UnprocessableEntity, "has_dependents");

        var (status, _) = await SendAsync(HttpMethod.Delete, "/v1/blueprints/team/entities/payments?delete_dependents=true");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        AssertPortError(await SendAsync(HttpMethod.Get, Entities + "/checkout"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Bulk_MixedEntities_Is207WithPerIndexResults()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Entities + "/bulk?upsert=true&merge=true",
            """{"entities":[{"identifier":"a"},{"identifier":"b","properties":{"replicas":"x"}},{"identifier":"c"}]}""");

        Assert.That((int)status, Is.EqualTo(207));
        Assert.That(body["entities"]!.AsArray().Select(e => (int)e!["index"]!), Is.EqualTo(new[] { 0, 2 }));
        var error = body["errors"]!.AsArray().Single()!;
        Assert.That((int?)error["index"], Is.EqualTo(1));
        Assert.That((int?)error["statusCode"], Is.EqualTo(422));
        Assert.That((string?)error["identifier"], Is.EqualTo("b"));
    }

    [Test]
    public async Task Bulk_AllGood_Is200()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Entities + "/bulk?upsert=true", """{"entities":[{"identifier":"a"}]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((bool?)body["entities"]![0]!["created"], Is.True);
    }

    [TestCase(0)]
    [TestCase(21)]
    public async Task Bulk_OutsideOneTo20_Is422(int count)
    {
        var entities = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["identifier"] = $"e{i}" }).ToArray());

        AssertPortError(await SendAsync(HttpMethod.Post, Entities + "/bulk", new JsonObject { ["entities"] = entities }.ToJsonString()),
            HttpStatusCode.UnprocessableEntity, "invalid_request", "1 to 20");
    }

    [Test]
    public async Task BodyOverOneMebibyte_Is413()
    {
        var big = new JsonObject { ["identifier"] = "big", ["properties"] = new JsonObject { ["version"] = new string('x', 1024 * 1024) } };

        AssertPortError(await SendAsync(HttpMethod.Post, Entities, big.ToJsonString()), HttpStatusCode.RequestEntityTooLarge, "request_too_large", "1MiB");
    }

    [TestCase("""{"property":"language","operator":"=","value":"go"}""", "inventory")]
    [TestCase("""{"property":"language","operator":"!=","value":"go"}""", "checkout")]
    [TestCase("""{"property":"language","operator":"in","value":["go","java"]}""", "inventory")]
    [TestCase("""{"property":"tags","operator":"contains","value":"tier-1"}""", "checkout")]
    [TestCase("""{"property":"$title","operator":"beginsWith","value":"Inv"}""", "inventory")]
    [TestCase("""{"property":"lastDeployedAt","operator":"isEmpty"}""", "inventory")]
    [TestCase("""{"property":"replicas","operator":">","value":2}""", "checkout")]
    [TestCase("""{"operator":"relatedTo","blueprint":"team","value":"platform"}""", "inventory")]
    [TestCase("""{"combinator":"or","rules":[{"property":"$identifier","operator":"=","value":"checkout"},{"property":"replicas","operator":"<","value":0}]}""", "checkout")]
    public async Task Search_Operators(string rule, string expected)
    {
        var query = $$"""{"combinator":"and","rules":[{"property":"$blueprint","operator":"=","value":"microservice"},{{rule}}]}""";

        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/entities/search", query);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["entities"]!.AsArray().Select(e => (string?)e!["identifier"]), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Search_WithoutCombinator_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/entities/search", """{"rules":[]}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "combinator");

    [Test]
    public async Task BlueprintSearch_PagesWithNext()
    {
        var (_, first) = await SendAsync(HttpMethod.Post, Entities + "/search", """{"limit":1,"include":["identifier"]}""");
        var (_, second) = await SendAsync(HttpMethod.Post, Entities + "/search", $$"""{"limit":1,"from":"{{(string?)first["next"]}}"}""");

        Assert.That(first["entities"]!.ToJsonString(), Is.EqualTo("""[{"identifier":"checkout"}]"""));
        Assert.That((string?)second["entities"]![0]!["identifier"], Is.EqualTo("inventory"));
        Assert.That(second["next"], Is.Null);
    }
}

public class EntityUpdateContractTests : EmulatorFixture
{
    private const string Checkout = "/v1/blueprints/microservice/entities/checkout";

    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task Put_ReplacesTheEntity()
    {
        var (status, body) = await SendAsync(HttpMethod.Put, Checkout, """{"title":"New","properties":{"version":"5.0.0"}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["entity"]!["properties"]!.ToJsonString(), Is.EqualTo("""{"version":"5.0.0"}"""));
        Assert.That((string?)body["entity"]!["title"], Is.EqualTo("New"));
    }

    [Test]
    public async Task Patch_ChangesOnlyTheFieldsSent()
    {
        var (status, body) = await SendAsync(HttpMethod.Patch, Checkout, """{"properties":{"replicas":9}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int?)body["entity"]!["properties"]!["replicas"], Is.EqualTo(9));
        Assert.That((string?)body["entity"]!["properties"]!["version"], Is.EqualTo("1.4.0"));
    }

    [Test]
    public async Task PutOrPatch_OfAMissingEntity_Is404()
    {
        AssertPortError(await SendAsync(HttpMethod.Put, "/v1/blueprints/microservice/entities/ghost", "{}"), HttpStatusCode.NotFound, "not_found");
        AssertPortError(await SendAsync(HttpMethod.Patch, "/v1/blueprints/microservice/entities/ghost", "{}"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Put_WithAnotherIdentifierInTheBody_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Put, Checkout, """{"identifier":"other"}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "differs");

    [Test]
    public async Task Patch_WrongType_Is422() =>
        AssertPortError(await SendAsync(HttpMethod.Patch, Checkout, """{"properties":{"healthy":"yes"}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "boolean");
}
