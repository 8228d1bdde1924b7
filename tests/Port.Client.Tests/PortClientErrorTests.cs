using System.Net;
using System.Text.Json.Nodes;

namespace Port.Client.Tests;

public class PortClientErrorTests : ClientFixture
{
    [Test]
    public async Task NotFound_BecomesPortNotFoundException()
    {
        Handler.Respond(HttpStatusCode.NotFound, """{"ok":false,"error":"not_found","message":"Entity with identifier \"svc\" not found"}""");

        var ex = await Assert.ThrowsAsync<PortNotFoundException>(() => Client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Error, Is.EqualTo("not_found"));
        Assert.That(ex.Message, Is.EqualTo("Entity with identifier \"svc\" not found"));
        Assert.That(ex.Path, Is.EqualTo("/v1/blueprints/microservice/entities/svc"));
    }

    [Test]
    public async Task BadCredentials_BecomePortAuthenticationException_WithoutRetry()
    {
        Handler.TokenResponse = () => Fakes.FakePortHandler.Json(HttpStatusCode.Unauthorized, """{"ok":false,"error":"unauthorized","message":"Invalid credentials"}""");

        var ex = await Assert.ThrowsAsync<PortAuthenticationException>(() => Client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(ex.Message, Is.EqualTo("Invalid credentials"));
        Assert.That(Handler.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task MissingCredentials_FailBeforeAnyRequest()
    {
        using var client = CreateClient(o => o.ClientSecret = "");

        var ex = await Assert.ThrowsAsync<PortAuthenticationException>(() => client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Error, Is.EqualTo("missing_credentials"));
        Assert.That(Handler.Requests, Is.Empty);
    }

    [TestCase(HttpStatusCode.UnprocessableEntity, "invalid_request", "Property \"replicas\" must be number")]
    [TestCase(HttpStatusCode.BadRequest, "bad_request", "Bad")]
    [TestCase(HttpStatusCode.Conflict, "identifier_taken", "Entity already exists")]
    public async Task ClientErrors_KeepPortsErrorAndMessage(HttpStatusCode status, string error, string message)
    {
        Handler.Respond(status, new JsonObject { ["ok"] = false, ["error"] = error, ["message"] = message }.ToJsonString());

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "svc" }));

        Assert.That(ex, Is.Not.InstanceOf<PortNotFoundException>());
        Assert.That(ex!.StatusCode, Is.EqualTo(status));
        Assert.That(ex.Error, Is.EqualTo(error));
        Assert.That(ex.Message, Is.EqualTo(message));
    }

    [Test]
    public async Task OkFalse_OnA200_IsAnError()
    {
        Handler.Respond(HttpStatusCode.OK, """{"ok":false,"error":"weird","message":"Something odd"}""");

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Error, Is.EqualTo("weird"));
    }

    [Test]
    public async Task NonJsonErrorBody_GetsAMessageFromTheStatus()
    {
        using var client = CreateClient(o => o.MaxRetries = 0);
        Handler.Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html>");

        var ex = await Assert.ThrowsAsync<PortApiException>(() => client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Message, Is.EqualTo("Port answered 502 BadGateway."));
    }

    [Test]
    public async Task BodyOverOneMebibyte_IsRefusedBeforeSending()
    {
        var entity = new JsonObject { ["identifier"] = "svc", ["properties"] = new JsonObject { ["blob"] = new string('x', 1024 * 1024) } };

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.UpsertEntityAsync("microservice", entity));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(ex.Message, Does.Contain("at most 1 MiB"));
        Assert.That(Handler.ApiRequests, Is.Empty);
    }

    [TestCase("https://api.getport.io", "https://api.getport.io/")]
    [TestCase("https://api.getport.io/", "https://api.getport.io/")]
    [TestCase("https://api.getport.io/v1", "https://api.getport.io/")]
    [TestCase("https://api.us.port.io/v1/", "https://api.us.port.io/")]
    [TestCase(" http://127.0.0.1:5123 ", "http://127.0.0.1:5123/")]
    [TestCase("http://proxy.local/port/v1", "http://proxy.local/port/")]
    public void BaseUrl_IsNormalised(string given, string expected)
    {
        Assert.That(PortBaseUrl.Normalize(given).ToString(), Is.EqualTo(expected));
    }

    [TestCase("api.getport.io")]
    [TestCase("ftp://api.getport.io")]
    [TestCase("")]
    public void BaseUrl_NotHttp_IsRejectedWithTheRightForm(string given)
    {
        var ex = Assert.Throws<ArgumentException>(() => PortBaseUrl.Normalize(given));

        Assert.That(ex!.Message, Does.Contain("https://api.getport.io"));
    }

    [Test]
    public async Task BaseUrlWithV1_StillHitsV1Once()
    {
        using var client = CreateClient(o => o.BaseUrl = "https://api.us.getport.io/v1/");
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.ApiRequests.Single().Uri.ToString(), Is.EqualTo("https://api.us.getport.io/v1/blueprints/microservice/entities/svc"));
    }
}
