using System.Net;
using System.Text;

namespace Port.Client.Tests.Fakes;

/// <summary>A recorded request, with its body read before the request was disposed.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, string? Authorization)
{
    public string PathAndQuery => Uri.PathAndQuery;
}

/// <summary>
/// Fakes Port at the HTTP layer: answers the token route itself, and every other request from a queue of responders.
/// </summary>
public sealed class FakePortHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responses = new();
    private int _tokenCounter;

    public List<RecordedRequest> Requests { get; } = [];

    public List<RecordedRequest> ApiRequests => Requests.Where(r => !r.Uri.AbsolutePath.EndsWith("/auth/access_token")).ToList();

    public int TokenRequests => Requests.Count - ApiRequests.Count;

    /// <summary>What the token route answers; default 200 with a new token each time.</summary>
    public Func<HttpResponseMessage>? TokenResponse { get; set; }

    public double TokenExpiresIn { get; set; } = 10800;

    public string LastToken => $"token-{_tokenCounter}";

    public FakePortHandler Respond(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null)
    {
        _responses.Enqueue((_, _) =>
        {
            var response = Json(status, json);
            configure?.Invoke(response);
            return Task.FromResult(response);
        });
        return this;
    }

    public FakePortHandler Throw(Exception exception)
    {
        _responses.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    public FakePortHandler RespondWith(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responses.Enqueue(responder);
        return this;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? responder;
        lock (_responses) // the bulk upsert sends several requests at once
        {
            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString()));
            responder = request.RequestUri!.AbsolutePath.EndsWith("/v1/auth/access_token") ? null : _responses.TryDequeue(out var next) ? next : null;
        }

        if (request.RequestUri!.AbsolutePath.EndsWith("/v1/auth/access_token"))
        {
            if (TokenResponse is { } custom)
            {
                return custom();
            }

            _tokenCounter++;
            return Json(HttpStatusCode.OK, $$"""{"ok":true,"accessToken":"{{LastToken}}","expiresIn":{{TokenExpiresIn}},"tokenType":"Bearer"}""");
        }

        return responder is null
            ? throw new InvalidOperationException($"No response queued for {request.Method} {request.RequestUri}")
            : await responder(request, cancellationToken);
    }
}

/// <summary>Collects the client's log lines.</summary>
public sealed class RecordingLog : IPortLog
{
    public List<string> Lines { get; } = [];

    public List<string> Warnings { get; } = [];

    public bool DebugEnabled => true;

    public void Debug(string message)
    {
        lock (Lines) // the bulk upsert logs from several requests at once
        {
            Lines.Add("debug: " + message);
        }
    }

    public void Warning(string message)
    {
        lock (Lines)
        {
            Warnings.Add(message);
            Lines.Add("warning: " + message);
        }
    }
}

/// <summary>A clock whose "now" the test moves; timers still run on the system clock.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
