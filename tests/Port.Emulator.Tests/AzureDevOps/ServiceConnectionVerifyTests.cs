using System.Text.Json.Nodes;
using Port.Emulator.AzureDevOps;

namespace Port.Emulator.Tests.AzureDevOps;

/// <summary>The Port service connection's Verify, as Azure DevOps runs it, against the emulator.</summary>
public class ServiceConnectionVerifyTests : EmulatorFixture
{
    private TaskEditor _editor = null!;

    [OneTimeSetUp]
    public void RegisterExtension()
    {
        Emulator.EndpointProxy.AddExtension(TaskEditor.Extension);
        _editor = new TaskEditor(Http, Emulator.BaseUrl);
    }

    [TestCase("")]
    [TestCase("/")]
    public async Task Verify_RightCredentials_GetsATokenThenReadsBlueprints(string trailingSlash)
    {
        var (status, body) = await _editor.VerifyAsync(TaskEditor.Connection(Emulator.BaseUrl + trailingSlash, "demo-client-id", "demo-client-secret"));

        Assert.That(status, Is.EqualTo(200), body.ToJsonString());
        Assert.That((string?)body["statusCode"], Is.EqualTo("ok"));
        var calls = Emulator.Journal.ToJson().Select(e => $"{e!["method"]} {e["path"]} {e["status"]}");
        Assert.That(calls, Is.EqualTo(new[] { "POST /v1/auth/access_token 200", "GET /v1/blueprints 200" }), "no // reaches Port, on the helper's URL or the data source's");
    }

    [Test]
    public async Task Verify_WrongSecret_FailsWithPortsMessage()
    {
        var (status, body) = await _editor.VerifyAsync(TaskEditor.Connection(Emulator.BaseUrl, "demo-client-id", "wrong"));

        Assert.That(status, Is.EqualTo(400));
        Assert.That((string?)body["typeKey"], Is.EqualTo("InvalidAuthorizationDetailsException"));
        Assert.That((string?)body["message"], Does.Contain("Invalid client ID or client secret"));
    }

    [Test]
    public async Task Verify_SecretWithQuotesAndBackslashes_IsSentJsonEscaped()
    {
        Emulator.State.Credentials.Add(("ci \"bot\"", "s3cr\\et\"}\n"));

        var (status, body) = await _editor.VerifyAsync(TaskEditor.Connection(Emulator.BaseUrl, "ci \"bot\"", "s3cr\\et\"}\n"));

        Assert.That((status, (string?)body["statusCode"]), Is.EqualTo((200, "ok")), body.ToJsonString());
    }

    [Test]
    public async Task Verify_TokenUrlWrittenAsEndpointUrlSlashV1_AsksPortForDoubleSlashAndFails()
    {
        // The reference's trap: endpoint.url renders with a trailing slash and the helper keeps "//".
        var naive = Path.Combine(TestContext.CurrentContext.WorkDirectory, "vss-extension.naive.json");
        File.WriteAllText(naive, File.ReadAllText(TaskEditor.Extension)
            .Replace("'endpoint.url./v1/auth/access_token'", "'endpoint.url/v1/auth/access_token'", StringComparison.Ordinal)
            .Replace("\"name\": \"port\"", "\"name\": \"port-naive\"", StringComparison.Ordinal));
        Emulator.EndpointProxy.AddExtension(naive);

        var (status, body) = await _editor.VerifyAsync(TaskEditor.Connection(Emulator.BaseUrl, "demo-client-id", "demo-client-secret", "port-naive"));

        Assert.That(status, Is.EqualTo(400), body.ToJsonString());
        Assert.That(Emulator.Journal.ToJson(), Is.Empty, "the token request went to //v1/auth/access_token, which is no Port route");
    }

    [Test]
    public void OldTemplate_RequestContentWithThePassword_RendersWithoutIt()
    {
        var connection = new ServiceEndpointConnection(new Uri("https://api.getport.io"), new Dictionary<string, string>(),
            new Dictionary<string, string> { ["username"] = "id", ["password"] = "secret" }, new HashSet<string>());

        var body = EndpointMustache.Render("""{"clientId":"{{endpoint.username}}","clientSecret":"{{endpoint.password}}"}""", connection.DataContext());
        var url = EndpointMustache.Render("{{endpoint.url}}/v1/blueprints", connection.DataContext());

        Assert.That(body, Is.EqualTo("""{"clientId":"","clientSecret":""}"""));
        Assert.That(url, Is.EqualTo("https://api.getport.io//v1/blueprints"), "the data source collapses // when it sends");
    }
}
