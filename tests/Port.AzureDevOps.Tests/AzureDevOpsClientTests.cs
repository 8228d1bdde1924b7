using System.Net;
using System.Text;

namespace Port.AzureDevOps.Tests;

/// <summary>The Azure DevOps client over a fake handler that answers in the shapes of Microsoft's API description.</summary>
public class AzureDevOpsClientTests
{
    private const string Timeline = """
        {"id":"de9c3ffa","changeId":21,"records":[
        {"id":"stage","parentId":null,"type":"Stage","name":"Build","state":"inProgress","result":null,"order":1},
        {"id":"job","parentId":"stage","type":"Job","name":"Build","state":"inProgress","result":null,"order":1},
        {"id":"t1","parentId":"job","type":"Task","name":"Run unit tests","state":"completed","result":"failed","order":3,
         "log":{"id":6,"url":"https://dev.azure.com/fabrikam/p/_apis/build/builds/1234/logs/6"},
         "issues":[{"type":"warning","message":"slow"},{"type":"error","category":"General","message":"Bash exited with code '1'."}]}]}
        """;

    private sealed class FakeHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public Queue<Func<HttpResponseMessage>> Answers { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(Answers.Dequeue()());
        }
    }

    private readonly List<TimeSpan> _waits = [];
    private FakeHandler _handler = null!;
    private AzureDevOpsClient _client = null!;

    [SetUp]
    public void Create()
    {
        _waits.Clear();
        _handler = new FakeHandler();
        _client = new AzureDevOpsClient(new Uri("https://dev.azure.com/fabrikam"), "job-token", _handler, (wait, _) =>
        {
            _waits.Add(wait);
            return Task.CompletedTask;
        });
    }

    [TearDown]
    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    private static Func<HttpResponseMessage> Json(string json, HttpStatusCode status = HttpStatusCode.OK, Action<HttpResponseMessage>? configure = null) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(response);
        return response;
    };

    [Test]
    public async Task Timeline_IsReadWithTheJobToken_AndItsRecordsParsed()
    {
        _handler.Answers.Enqueue(Json(Timeline));

        var records = await _client.GetTimelineAsync("Fabrikam Fiber", "1234");

        var request = _handler.Requests.Single();
        Assert.That(request.RequestUri!.AbsoluteUri, Is.EqualTo("https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_apis/build/builds/1234/timeline?api-version=7.1"));
        Assert.That(request.Headers.Authorization!.ToString(), Is.EqualTo("Bearer job-token"));
        Assert.That(request.Headers.GetValues("X-TFS-FedAuthRedirect").Single(), Is.EqualTo("Suppress"));
        var failed = records.Single(r => r.Failed);
        Assert.That((failed.Name, failed.ParentId, failed.Order), Is.EqualTo(("Run unit tests", "job", 3)));
        Assert.That(failed.Errors, Is.EqualTo(new[] { "Bash exited with code '1'." }), "errors only, not warnings");
        Assert.That(failed.LogUrl, Does.EndWith("/logs/6"));
    }

    [Test]
    public async Task Changes_FollowTheContinuationToken_ToTheLastPage()
    {
        _handler.Answers.Enqueue(Json("""{"count":1,"value":[{"id":"b13b8f7","message":"Fix","timestamp":"2026-03-02T09:58:12Z"}]}""",
            configure: r => r.Headers.Add("x-ms-continuationtoken", "page 2")));
        _handler.Answers.Enqueue(Json("""{"count":1,"value":[{"id":"9b03b36","message":"Add retry","timestamp":"2026-03-01T16:40:03Z"}]}"""));

        var changes = await _client.GetBuildChangesAsync("p", "1234");

        Assert.That(changes.Select(c => c.Id), Is.EqualTo(new[] { "b13b8f7", "9b03b36" }));
        Assert.That(changes[1].Timestamp, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 16, 40, 3, TimeSpan.Zero)));
        Assert.That(_handler.Requests[1].RequestUri!.Query, Does.Contain("continuationToken=page%202"));
    }

    [Test]
    public async Task SignInPage_With203_IsRefusedCredentials_NotJson()
    {
        _handler.Answers.Enqueue(() => new HttpResponseMessage(HttpStatusCode.NonAuthoritativeInformation) { Content = new StringContent("<html>Sign in</html>", Encoding.UTF8, "text/html") });

        var ex = await Assert.ThrowsAsync<AzureDevOpsException>(() => _client.GetTimelineAsync("p", "1"));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(ex.Message, Does.Contain("sign-in page"));
    }

    [Test]
    public async Task RateLimitAndOutage_AreRetried_HonouringRetryAfter()
    {
        _handler.Answers.Enqueue(Json("""{"message":"TF400733: Request was blocked"}""", HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new(TimeSpan.FromSeconds(7))));
        _handler.Answers.Enqueue(Json("{}", HttpStatusCode.ServiceUnavailable));
        _handler.Answers.Enqueue(Json(Timeline));

        var records = await _client.GetTimelineAsync("p", "1");

        Assert.That(records, Has.Count.EqualTo(3));
        Assert.That(_waits, Is.EqualTo(new[] { TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2) }));
    }

    [Test]
    public async Task AnOlderServer_IsAskedAgainWithTheVersionItSupports()
    {
        _handler.Answers.Enqueue(Json("""{"message":"The requested REST API version of 7.1 is out of range for this server. The latest REST API version this server supports is 6.1."}""", HttpStatusCode.BadRequest));
        _handler.Answers.Enqueue(Json(Timeline));
        _handler.Answers.Enqueue(Json(Timeline));

        await _client.GetTimelineAsync("p", "1");
        await _client.GetTimelineAsync("p", "1");

        Assert.That(_handler.Requests.Select(r => r.RequestUri!.Query), Is.EqualTo(new[] { "?api-version=7.1", "?api-version=6.1", "?api-version=6.1" }));
    }

    [Test]
    public async Task ReleaseEnvironment_IsReadWithItsTasks()
    {
        _handler.Answers.Enqueue(Json("""{"id":276,"releaseId":118,"deploySteps":[]}"""));

        var environment = await _client.GetReleaseEnvironmentAsync("p", "118", "276");

        Assert.That(_handler.Requests.Single().RequestUri!.PathAndQuery, Is.EqualTo("/fabrikam/p/_apis/Release/releases/118/environments/276?$expand=tasks&api-version=7.1"));
        Assert.That((int?)environment["releaseId"], Is.EqualTo(118));
    }

    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    public async Task Refusals_AreNotRetried_AndCarryTheirStatus(HttpStatusCode status)
    {
        _handler.Answers.Enqueue(Json("""{"message":"TF401027: You need the Git 'View builds' permission"}""", status));

        var ex = await Assert.ThrowsAsync<AzureDevOpsException>(() => _client.GetTimelineAsync("p", "1"));

        Assert.That(ex!.StatusCode, Is.EqualTo(status));
        Assert.That(ex.Message, Does.Contain($"{(int)status}").And.Contain("TF401027"));
        Assert.That(_handler.Requests, Has.Count.EqualTo(1));
    }
}
