using System.Net;

namespace Port.Emulator.Tests;

/// <summary>POST /v1/blueprints/{bp}/bulk/entities/delete: at most 100, all or nothing on dependents, missing ones skipped.</summary>
public class BulkDeleteContractTests : EmulatorFixture
{
    private const string Route = "/v1/blueprints/microservice/bulk/entities/delete";

    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task DeletesWhatExists_AndListsIt_SkippingWhatDoesNot()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Route, """{"entities":["checkout","ghost"]}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["deletedEntities"]!.AsArray().Select(e => (string?)e), Is.EqualTo(new[] { "checkout" }));
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task AnEntityWithDependentsOutsideTheSet_DeletesNothing()
    {
        // checkout depends on inventory: inventory alone is refused, and the other entity of the request stays too.
        var answer = await SendAsync(HttpMethod.Post, Route, """{"entities":["inventory"]}""");

        AssertPortError(answer, HttpStatusCode.UnprocessableEntity, "has_dependents", "\"inventory\" has dependent entities; nothing was deleted");
        Assert.That((await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/inventory")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DependentsInsideTheSet_OrDeleteDependents_AreDeletedToo()
    {
        var together = await SendAsync(HttpMethod.Post, Route, """{"entities":["inventory","checkout"]}""");
        Emulator.Reset();
        var withDependents = await SendAsync(HttpMethod.Post, Route + "?delete_dependents=true", """{"entities":["inventory"]}""");

        Assert.That(together.Body["deletedEntities"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(withDependents.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout")).Status, Is.EqualTo(HttpStatusCode.NotFound), "the dependent went with it");
    }

    [TestCase("""{"entities":[]}""", HttpStatusCode.UnprocessableEntity, "1 to 100")]
    [TestCase("""{"entities":[1]}""", HttpStatusCode.UnprocessableEntity, "identifier string")]
    public async Task BadBodies_AreRefused(string json, HttpStatusCode status, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Post, Route, json), status, "invalid_request", messagePart);

    [Test]
    public async Task MoreThanAHundred_IsRefused()
    {
        var ids = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"e{i}\""));

        AssertPortError(await SendAsync(HttpMethod.Post, Route, $$"""{"entities":[{{ids}}]}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "1 to 100");
    }

    [Test]
    public async Task AnUnknownBlueprint_Is404() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints/nope/bulk/entities/delete", """{"entities":["a"]}"""), HttpStatusCode.NotFound, "not_found", "Blueprint");
}
