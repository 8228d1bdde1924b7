using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Port.Emulator.Tests;

/// <summary>One real emulator on a free loopback port per fixture, reset to its seed before every test.</summary>
public abstract class EmulatorFixture
{
    protected PortEmulator Emulator = null!;
    protected HttpClient Http = null!;

    protected virtual EmulatorOptions Options => new();

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        Emulator = await PortEmulator.StartAsync(Options);
        Http = new HttpClient { BaseAddress = new Uri(Emulator.BaseUrl) };
    }

    [OneTimeTearDown]
    public async Task StopEmulator()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    [SetUp]
    public void ResetEmulator()
    {
        Emulator.Reset();
        Emulator.Journal.Clear();
        Emulator.SetFaults(new FaultSettings());
        Http.DefaultRequestHeaders.Authorization = null;
    }

    protected async Task<string> LoginAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/auth/access_token", """{"clientId":"demo-client-id","clientSecret":"demo-client-secret"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var token = (string)body["accessToken"]!;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    protected async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    protected static void AssertPortError((HttpStatusCode Status, JsonObject Body) answer, HttpStatusCode status, string error, string? messagePart = null)
    {
        Assert.That(answer.Status, Is.EqualTo(status), answer.Body.ToJsonString());
        Assert.That((bool?)answer.Body["ok"], Is.False);
        Assert.That((string?)answer.Body["error"], Is.EqualTo(error));
        if (messagePart is not null)
        {
            Assert.That((string?)answer.Body["message"], Does.Contain(messagePart));
        }
    }
}
