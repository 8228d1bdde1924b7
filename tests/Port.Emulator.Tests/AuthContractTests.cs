using System.Net;

namespace Port.Emulator.Tests;

public class AuthContractTests : EmulatorFixture
{
    [Test]
    public async Task AccessToken_RightCredentials_GivesATokenFor3Hours()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/auth/access_token", """{"clientId":"demo-client-id","clientSecret":"demo-client-secret"}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((bool?)body["ok"], Is.True);
        Assert.That((string?)body["accessToken"], Does.StartWith("emu_"));
        Assert.That((int?)body["expiresIn"], Is.InRange(10790, 10800), "one token per credential pair: a second ask gets the rest of its life");
        Assert.That((string?)body["tokenType"], Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task AccessToken_AskedTwice_IsTheSameToken()
    {
        var first = await LoginAsync();
        var second = await LoginAsync();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task AccessToken_WrongSecret_Is401() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/auth/access_token", """{"clientId":"demo-client-id","clientSecret":"nope"}"""),
            HttpStatusCode.Unauthorized, "unauthorized", "Invalid client ID or client secret");

    [TestCase("""{"clientId":"demo-client-id"}""", "required")]
    [TestCase("""{"clientId":"demo-client-id","clientSecret":"demo-client-secret","extra":1}""", "\"extra\" is not allowed")]
    [TestCase("""{"clientId":1,"clientSecret":"x"}""", "required strings")]
    public async Task AccessToken_BodyOffSchema_Is422(string body, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/auth/access_token", body), HttpStatusCode.UnprocessableEntity, "invalid_request", messagePart);

    [Test]
    public async Task AccessToken_BrokenJson_Is400WithLineAndColumn() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/auth/access_token", "{\n  \"clientId\": }"), HttpStatusCode.BadRequest, "invalid_json", "line 2, column");

    [Test]
    public async Task ApiRoute_WithoutToken_Is401() =>
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout"), HttpStatusCode.Unauthorized, "unauthorized", "Bearer");

    [Test]
    public async Task ApiRoute_WithUnknownToken_Is401()
    {
        Http.DefaultRequestHeaders.Authorization = new("Bearer", "emu_forged");

        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout"), HttpStatusCode.Unauthorized, "unauthorized", "invalid");
    }

    [Test]
    public async Task ApiRoute_WithExpiredToken_Is401AndANewTokenIsIssued()
    {
        var old = await LoginAsync();
        Emulator.Tokens.ExpireAll();

        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout"), HttpStatusCode.Unauthorized, "token_expired");
        Assert.That(await LoginAsync(), Is.Not.EqualTo(old));
    }
}

public class TokenLifetimeTests : EmulatorFixture
{
    protected override EmulatorOptions Options => new() { TokenLifetime = TimeSpan.FromSeconds(1) };

    [Test]
    public async Task Token_ExpiresAfterTheConfiguredLifetime()
    {
        await LoginAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(1200));

        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout"), HttpStatusCode.Unauthorized, "token_expired");
    }
}
