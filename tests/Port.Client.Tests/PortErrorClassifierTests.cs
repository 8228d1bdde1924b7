using System.Net;
using Port.Client.Http;

namespace Port.Client.Tests;

/// <summary>
/// What each Port error is about, read against the route that produced it. Messages: Port's own where they are known
/// ("Blueprint not found", from Port's CLI docs), the wording of Port's OpenAPI, and the emulator's.
/// </summary>
public class PortErrorClassifierTests : ClientFixture
{
    private const string GenericNotFound = "A resource with the provided identifier was not found"; // Port's OpenAPI, every 404
    private const string SchemaMismatch = "The json provided does not match the route's schema"; // Port's OpenAPI, every 422

    [TestCase(404, "not_found", "Blueprint not found", "GET", "v1/blueprints/nope/entities/x", PortErrorSubject.Blueprint)]
    [TestCase(404, "not_found", "Blueprint with identifier \"nope\" not found", "GET", "v1/blueprints/nope/entities/x", PortErrorSubject.Blueprint)]
    [TestCase(404, "not_found", "Entity with identifier \"x\" not found in blueprint \"microservice\"", "GET", "v1/blueprints/microservice/entities/x", PortErrorSubject.Entity)]
    [TestCase(404, "not_found", GenericNotFound, "GET", "v1/blueprints/microservice/entities/x", PortErrorSubject.Entity)]
    [TestCase(404, "not_found", GenericNotFound, "DELETE", "v1/blueprints/microservice/entities/x", PortErrorSubject.Entity)]
    [TestCase(404, "not_found", "Blueprint not found", "POST", "v1/blueprints/nope/entities?upsert=true", PortErrorSubject.Blueprint)]
    [TestCase(404, "not_found", "The related entity \"ghost\" does not exist in the blueprint \"team\"", "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.RelatedEntity)]
    [TestCase(404, "not_found", "Entity with identifier \"ghost\" not found in blueprint \"team\"", "POST", "v1/blueprints/microservice/entities/bulk?upsert=true", PortErrorSubject.RelatedEntity)]
    [TestCase(404, "not_found", "Action run with id \"r_x\" not found", "POST", "v1/blueprints/microservice/entities?upsert=true&run_id=r_x", PortErrorSubject.Run)]
    [TestCase(404, "not_found", GenericNotFound, "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.Other)]
    [TestCase(404, "not_found", GenericNotFound, "POST", "v1/blueprints/nope/entities/search", PortErrorSubject.Blueprint)]
    [TestCase(404, "not_found", "Action run with id \"r_x\" not found", "PATCH", "v1/actions/runs/r_x?version=v2", PortErrorSubject.Run)]
    [TestCase(404, "not_found", GenericNotFound, "POST", "v1/actions/runs/r_x/logs", PortErrorSubject.Run)]
    [TestCase(422, "run_already_terminated", "The action run \"r_1\" has already ended with SUCCESS and can no longer be modified", "PATCH", "v1/actions/runs/r_1?version=v2", PortErrorSubject.RunEnded)]
    [TestCase(422, "invalid_request", "Run is already completed", "POST", "v1/actions/runs/r_1/logs", PortErrorSubject.RunEnded)]
    [TestCase(422, "invalid_request", SchemaMismatch, "PATCH", "v1/actions/runs/r_1?version=v2", PortErrorSubject.Run)]
    [TestCase(422, "invalid_request", "The action run \"r_1\" is SUCCESS; entities can be tied to a run only while it is IN_PROGRESS", "POST", "v1/blueprints/microservice/entities?upsert=true&run_id=r_1", PortErrorSubject.Run)]
    [TestCase(422, "invalid_request", "The property \"replicas\" must be a number, but got a string", "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.Property)]
    [TestCase(422, "invalid_request", "The relation \"owner\" is not defined in the blueprint \"microservice\"", "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.RelatedEntity)]
    [TestCase(404, "not_found", "The relation \"owner\" is not defined in the blueprint \"microservice\"", "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.RelatedEntity)]
    [TestCase(422, "invalid_request", SchemaMismatch, "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.Entity)]
    [TestCase(409, "identifier_taken", "An entity with the identifier \"x\" already exists in the blueprint \"microservice\"", "POST", "v1/blueprints/microservice/entities", PortErrorSubject.Entity)]
    [TestCase(413, null, "Request body is too large (limit is 1MiB)", "POST", "v1/blueprints/microservice/entities/bulk", PortErrorSubject.Entity)]
    [TestCase(400, "invalid_request", "A search rule needs an \"operator\"", "POST", "v1/entities/search", PortErrorSubject.Query)]
    [TestCase(422, "invalid_request", SchemaMismatch, "POST", "v1/blueprints/microservice/entities/search", PortErrorSubject.Query)]
    [TestCase(404, "not_found", "Action with identifier \"nope\" not found", "POST", "v1/actions/nope/runs", PortErrorSubject.Action)]
    [TestCase(404, "not_found", "Entity with identifier \"ghost\" not found in blueprint \"microservice\"", "POST", "v1/actions/deploy_service/runs", PortErrorSubject.Entity)]
    [TestCase(422, "invalid_request", "The property \"environment\" is required by the action \"deploy_service\"", "POST", "v1/actions/deploy_service/runs", PortErrorSubject.Property)]
    [TestCase(422, "invalid_request", "The action \"deploy_service\" runs on an existing entity: give its identifier in \"entity\"", "POST", "v1/actions/deploy_service/runs", PortErrorSubject.Entity)]
    [TestCase(422, "has_dependents", "The entity \"inventory\" has dependent entities; nothing was deleted", "POST", "v1/blueprints/microservice/bulk/entities/delete", PortErrorSubject.Dependents)]
    [TestCase(422, "has_dependents", "The entity \"inventory\" has 1 dependent entities; pass delete_dependents=true", "DELETE", "v1/blueprints/microservice/entities/inventory", PortErrorSubject.Dependents)]
    [TestCase(404, "not_found", "Blueprint with identifier \"nope\" not found", "POST", "v1/blueprints/nope/bulk/entities/delete", PortErrorSubject.Blueprint)]
    [TestCase(401, "unauthorized", "The access token has expired", "GET", "v1/blueprints/microservice/entities/x", PortErrorSubject.Auth)]
    [TestCase(403, "forbidden", "These credentials may not do this in Port.", "DELETE", "v1/blueprints/microservice/entities/x", PortErrorSubject.Auth)]
    [TestCase(404, "not_found", GenericNotFound, "POST", "v1/auth/access_token", PortErrorSubject.Auth)]
    [TestCase(429, "rate_limit_exceeded", "Too many requests", "POST", "v1/blueprints/microservice/entities/bulk", PortErrorSubject.RateLimit)]
    [TestCase(503, "emulated_fault", "Service unavailable", "GET", "v1/actions/runs/r_1?version=v2", PortErrorSubject.Other)]
    [TestCase(404, "not_found", "Blueprint not found", "GET", "v1/blueprints/microservice/entities/runtime", PortErrorSubject.Blueprint)]
    [TestCase(404, "not_found", "Related entity \"rerun-jobs\" not found (runtime team)", "POST", "v1/blueprints/microservice/entities?upsert=true", PortErrorSubject.RelatedEntity)]
    [TestCase(422, "invalid_request", "Invalid run_id", "POST", "v1/blueprints/microservice/entities?upsert=true&run_id=r_1", PortErrorSubject.Run)]
    public void Subject_FollowsTheRouteAndPortsAnswer(int status, string? error, string message, string method, string pathAndQuery, PortErrorSubject expected)
    {
        var request = RequestFor(method, pathAndQuery);

        var subject = PortErrorClassifier.Classify((HttpStatusCode)status, error, message, request);

        Assert.That(subject, Is.EqualTo(expected));
    }

    [Test]
    public void NoAnswer_IsOther()
    {
        var request = new PortRequest(PortRoutes.GetEntity, "microservice", "x");

        Assert.That(PortErrorClassifier.Classify(null, "connection_failed", "refused", request), Is.EqualTo(PortErrorSubject.Other));
    }

    [Test]
    public async Task TheClient_SetsTheSubjectOnWhatItThrows()
    {
        Handler.Respond(HttpStatusCode.NotFound, """{"ok":false,"error":"not_found","message":"Blueprint not found"}""");

        var ex = await Assert.ThrowsAsync<PortNotFoundException>(() => Client.GetEntityAsync("nope", "x"));

        Assert.That(ex!.Subject, Is.EqualTo(PortErrorSubject.Blueprint));
    }

    /// <summary>The request the client builds for <paramref name="method"/> and <paramref name="pathAndQuery"/>: the one declared route they fit, with its segments read from the path.</summary>
    private static PortRequest RequestFor(string method, string pathAndQuery)
    {
        var (path, query) = pathAndQuery.IndexOf('?') is var at and >= 0 ? (pathAndQuery[..at], pathAndQuery[at..]) : (pathAndQuery, "");
        var parts = path.Split('/');
        var fits = PortRoutes.All.Where(r => r.Method.Method == method && Fits(r.Template.Split('/'), parts)).ToList();
        Assert.That(fits, Has.Count.EqualTo(1), $"{method} {path} should fit exactly one declared route");

        var template = fits[0].Template.Split('/');
        var segments = template.Select((part, i) => part.StartsWith('{') ? Uri.UnescapeDataString(parts[i]) : null).OfType<string>().ToArray();
        return new PortRequest(fits[0], segments) { Query = query };
    }

    private static bool Fits(string[] template, string[] parts) =>
        template.Length == parts.Length && template.Zip(parts).All(p => p.First.StartsWith('{') || p.First == p.Second);
}
