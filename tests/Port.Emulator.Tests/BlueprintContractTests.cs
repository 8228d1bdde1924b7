using System.Net;

namespace Port.Emulator.Tests;

/// <summary>Creating, reading, changing and deleting blueprints through Port's API, and entities validated against them.</summary>
public class BlueprintContractTests : EmulatorFixture
{
    /// <summary>A blueprint as a client sets one up, with a relation to an existing blueprint and Port's ownership fields.</summary>
    public const string Pipeline = """
        {"identifier":"pipeline","title":"Pipeline","icon":"AzurePipelines",
         "schema":{"properties":{"url":{"type":"string","format":"url"},"runs":{"type":"number"},
                                 "stage":{"type":"string","enum":["build","release"]},"tags":{"type":"array","items":{"type":"string"}}},
                   "required":["stage"]},
         "relations":{"service":{"title":"Service","target":"microservice","required":false,"many":false}},
         "ownership":{"type":"Direct"}}
        """;

    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task Create_Is201_WithPortsDefaults_AndCanBeReadAndListed()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);
        var (_, read) = await SendAsync(HttpMethod.Get, "/v1/blueprints/pipeline");
        var (_, list) = await SendAsync(HttpMethod.Get, "/v1/blueprints");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        Assert.That((bool?)body["ok"], Is.True);
        var blueprint = body["blueprint"]!;
        Assert.That((string?)blueprint["createdBy"], Is.EqualTo("demo-client-id"));
        Assert.That(blueprint["mirrorProperties"]!.AsObject(), Is.Empty);
        Assert.That((string?)blueprint["ownership"]!["type"], Is.EqualTo("Direct"), "fields Port knows and the emulator does not use are kept");
        Assert.That(read["blueprint"]!.ToJsonString(), Is.EqualTo(blueprint.ToJsonString()));
        Assert.That(list["blueprints"]!.AsArray().Select(b => (string?)b!["identifier"]), Does.Contain("pipeline").And.Contain("_team"));
    }

    [Test]
    public async Task EntitiesOfACreatedBlueprint_AreValidatedAgainstIt()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);
        const string Entities = "/v1/blueprints/pipeline/entities";

        var (status, body) = await SendAsync(HttpMethod.Post, Entities, """{"identifier":"ci","properties":{"stage":"build","runs":3,"tags":["x"]},"relations":{"service":"checkout"}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"a","properties":{"stage":"deploy"}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "must be one of");
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"b","properties":{"runs":1}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "\"stage\" is required");
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"c","properties":{"stage":"build","url":"not a url"}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "valid url");
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"d","properties":{"stage":"build","tags":[1]}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "tags[0]");
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"e","properties":{"stage":"build"},"relations":{"service":"ghost"}}"""), HttpStatusCode.NotFound, "not_found", "ghost");
    }

    [Test]
    public async Task Create_ExistingIdentifier_Is409()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);

        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline), HttpStatusCode.Conflict, "identifier_taken", "\"pipeline\"");
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints", """{"identifier":"_team","title":"Mine","schema":{"properties":{}}}"""), HttpStatusCode.Conflict, "identifier_taken");
    }

    [TestCase("""{"title":"T","schema":{"properties":{}}}""", "\"identifier\" is required")]
    [TestCase("""{"identifier":"a b","title":"T","schema":{"properties":{}}}""", "\"identifier\" must be")]
    [TestCase("""{"identifier":"x","schema":{"properties":{}}}""", "\"title\" is required")]
    [TestCase("""{"identifier":"x","title":"T"}""", "\"schema\" is required")]
    [TestCase("""{"identifier":"x","title":"T","schema":{}}""", "\"schema.properties\" is required")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{},"extra":1}}""", "\"schema.extra\" is not allowed")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{"p":{"title":"P"}}}}""", "\"schema.properties.p.type\" must be")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{"p":{"type":"text"}}}}""", "\"schema.properties.p.type\" must be")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{"p":{"type":"string","format":"phone"}}}}""", "\"schema.properties.p.format\" must be")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{"p":{"type":"string","enum":"a"}}}}""", "\"schema.properties.p.enum\" must be an array")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{"p":{"type":"array","items":{"type":"date"}}}}}""", "\"schema.properties.p.items.type\" must be")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{"a b":{"type":"string"}}}}""", "The key \"a b\"")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{},"required":["p"]}}""", "names \"p\"")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{}},"relations":{"r":{"target":"team"}}}""", "\"relations.r\" needs")]
    [TestCase("""{"identifier":"x","title":"T","schema":{"properties":{}},"relations":{"r":{"target":"team","required":false,"many":false,"to":"y"}}}""", "\"relations.r.to\" is not allowed")]
    public async Task Create_BadBody_Is422WithWhatIsWrong(string json, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints", json), HttpStatusCode.UnprocessableEntity, "invalid_request", messagePart);

    [Test]
    public async Task Create_RelationToAMissingBlueprint_Is404_ButItMayRelateToItself()
    {
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints", """{"identifier":"x","title":"T","schema":{"properties":{}},"relations":{"r":{"target":"ghost","required":false,"many":false}}}"""),
            HttpStatusCode.NotFound, "not_found", "\"ghost\"");

        var (status, _) = await SendAsync(HttpMethod.Post, "/v1/blueprints", """{"identifier":"x","title":"T","schema":{"properties":{}},"relations":{"parent":{"target":"x","required":false,"many":false}}}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Create_NotJson_Is400() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints", """{"identifier":"""), HttpStatusCode.BadRequest, "invalid_json");

    [Test]
    public async Task Put_ReplacesTheBlueprint_KeepingWhenItWasCreated()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);

        var (status, body) = await SendAsync(HttpMethod.Put, "/v1/blueprints/pipeline", """{"title":"CI pipeline","schema":{"properties":{"url":{"type":"string"}}}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That((string?)body["blueprint"]!["title"], Is.EqualTo("CI pipeline"));
        Assert.That(body["blueprint"]!["schema"]!["properties"]!["stage"], Is.Null);
        Assert.That(body["blueprint"]!["relations"]!.AsObject(), Is.Empty);
        Assert.That((string?)body["blueprint"]!["createdAt"], Is.EqualTo((string?)created["blueprint"]!["createdAt"]));
    }

    [Test]
    public async Task Patch_ChangesOnlyWhatWasSent()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);

        var (status, body) = await SendAsync(HttpMethod.Patch, "/v1/blueprints/pipeline", """{"title":"CI pipeline"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body["blueprint"]!["title"], Is.EqualTo("CI pipeline"));
        Assert.That(body["blueprint"]!["schema"]!["properties"]!["stage"], Is.Not.Null);
    }

    [Test]
    public async Task PutAndPatch_RefuseAsPortDoes()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);

        AssertPortError(await SendAsync(HttpMethod.Put, "/v1/blueprints/ghost", """{"title":"G","schema":{"properties":{}}}"""), HttpStatusCode.NotFound, "not_found", "\"ghost\"");
        AssertPortError(await SendAsync(HttpMethod.Put, "/v1/blueprints/pipeline", """{"title":"T"}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "\"schema\" is required");
        AssertPortError(await SendAsync(HttpMethod.Patch, "/v1/blueprints/pipeline", """{"identifier":"other"}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "differs");
        AssertPortError(await SendAsync(HttpMethod.Patch, "/v1/blueprints/pipeline", """{"schema":{"properties":{"p":{"type":"nope"}}}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "\"schema.properties.p.type\"");
    }

    [Test]
    public async Task Delete_OnlyWhenNothingDependsOnIt()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", Pipeline);
        await SendAsync(HttpMethod.Post, "/v1/blueprints/pipeline/entities", """{"identifier":"ci","properties":{"stage":"build"}}""");

        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/blueprints/pipeline"), HttpStatusCode.UnprocessableEntity, "has_dependents", "1 entities");
        await SendAsync(HttpMethod.Delete, "/v1/blueprints/pipeline/entities/ci");
        var (status, body) = await SendAsync(HttpMethod.Delete, "/v1/blueprints/pipeline");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.ToJsonString(), Is.EqualTo("""{"ok":true}"""));
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/pipeline"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Delete_RefusesABlueprintOthersRelateTo_AndTheSystemBlueprints()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", """{"identifier":"lonely","title":"L","schema":{"properties":{}}}""");
        await SendAsync(HttpMethod.Post, "/v1/blueprints", """{"identifier":"fan","title":"F","schema":{"properties":{}},"relations":{"idol":{"target":"lonely","required":false,"many":false}}}""");

        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/blueprints/lonely"), HttpStatusCode.UnprocessableEntity, "has_dependents", "\"fan\"");
        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/blueprints/_user"), HttpStatusCode.UnprocessableEntity, "invalid_request", "system blueprints");
        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/blueprints/ghost"), HttpStatusCode.NotFound, "not_found");
    }
}
