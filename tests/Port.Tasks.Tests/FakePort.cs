using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Port.Client;

namespace Port.Tasks.Tests;

/// <summary>A request the fake Port received, its JSON body parsed.</summary>
public sealed record SentToPort(HttpMethod Method, string PathAndQuery, JsonNode? Body);

/// <summary>
/// Plays Port at the HTTP layer under a real <see cref="PortClient"/>, so the client's routes, error mapping and
/// classifier run as they do in a task: it grants every token and gives each other request <paramref name="answer"/>'s
/// reply. It keeps what was sent; nothing leaves the process.
/// </summary>
public sealed class FakePort(Func<SentToPort, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<SentToPort> Requests { get; } = [];

    /// <summary>A client over this fake, with no waits between retries.</summary>
    public PortClient Client() =>
        new(new PortClientOptions { ClientId = "cid", ClientSecret = "csecret", BaseDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero }, this);

    /// <summary>Port's error body, as it sends it: <c>{"ok": false, "error", "message"}</c>.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string error, string message) =>
        Json(status, new JsonObject { ["ok"] = false, ["error"] = error, ["message"] = message });

    public static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath == "/v1/auth/access_token")
        {
            return Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true, ["accessToken"] = "fake-token", ["expiresIn"] = 10800, ["tokenType"] = "Bearer" });
        }

        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        var sent = new SentToPort(request.Method, request.RequestUri.PathAndQuery, body);
        lock (Requests)
        {
            Requests.Add(sent);
        }

        return answer(sent);
    }
}
