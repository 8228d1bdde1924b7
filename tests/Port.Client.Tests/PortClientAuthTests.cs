using System.Net;
using System.Text.Json.Nodes;
using Port.Client.Models;

namespace Port.Client.Tests;

public class PortClientAuthTests : ClientFixture
{
    [Test]
    public async Task Token_IsRequestedOnceAndReused()
    {
        Handler.Respond(HttpStatusCode.OK, EntityJson).Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "a");
        await Client.GetEntityAsync("microservice", "b");

        Assert.That(Handler.TokenRequests, Is.EqualTo(1));
        var tokenRequest = Handler.Requests[0];
        Assert.That(tokenRequest.PathAndQuery, Is.EqualTo("/v1/auth/access_token"));
        Assert.That(tokenRequest.Body, Is.EqualTo($$"""{"clientId":"{{ClientId}}","clientSecret":"{{ClientSecret}}"}"""));
        Assert.That(tokenRequest.Authorization, Is.Null);
        Assert.That(IssuedTokens, Is.EqualTo(new[] { "token-1" }));
    }

    [Test]
    public async Task Token_NearExpiry_IsRenewed()
    {
        Handler.TokenExpiresIn = 600;
        Handler.Respond(HttpStatusCode.OK, EntityJson).Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "a");
        Clock.Now = Clock.Now.AddSeconds(600 - 60); // inside the 2-minute margin
        await Client.GetEntityAsync("microservice", "b");

        Assert.That(Handler.TokenRequests, Is.EqualTo(2));
        Assert.That(Handler.ApiRequests[1].Authorization, Is.EqualTo("Bearer token-2"));
    }

    [Test]
    public async Task Status401_RenewsTheTokenOnceAndRepeats()
    {
        Handler.Respond(HttpStatusCode.Unauthorized, """{"ok":false,"error":"token_expired"}""");
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.TokenRequests, Is.EqualTo(2));
        Assert.That(Handler.ApiRequests.Select(r => r.Authorization), Is.EqualTo(new[] { "Bearer token-1", "Bearer token-2" }));
        Assert.That(Log.Warnings.Single(), Does.Contain("renewing the access token"));
    }

    [Test]
    public async Task Status401_Twice_IsAnAuthenticationFailure()
    {
        Handler.Respond(HttpStatusCode.Unauthorized, "{}").Respond(HttpStatusCode.Unauthorized, "{}");

        var ex = await Assert.ThrowsAsync<PortAuthenticationException>(() => Client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Message, Does.Contain("client ID and secret"));
        Assert.That(Handler.TokenRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task NoLogLine_CarriesTheSecretOrTheToken()
    {
        Handler.Respond(HttpStatusCode.Unauthorized, "{}");
        Handler.Respond(HttpStatusCode.TooManyRequests, "{}");
        Handler.Respond(HttpStatusCode.Created, EntityJson);
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"run":{"id":"r"}}""");

        await Client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "svc", ["properties"] = new JsonObject { ["password"] = "hunter2" } });
        await Client.UpdateRunAsync("r", new RunUpdate { Status = RunStatus.Success });

        Assert.That(Log.Lines, Is.Not.Empty);
        Assert.That(Log.Lines, Has.Some.Contains("debug: Request body"));
        foreach (var line in Log.Lines)
        {
            Assert.That(line, Does.Not.Contain(ClientSecret).And.Not.Contain("token-1").And.Not.Contain("token-2").And.Not.Contain("hunter2"));
        }
    }
}
