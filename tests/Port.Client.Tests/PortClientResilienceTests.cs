using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Port.Client.Models;
using Port.Client.Tests.Fakes;

namespace Port.Client.Tests;

public class PortClientResilienceTests : ClientFixture
{
    private const string RunJson = """{"ok":true,"run":{"id":"r_1","status":"IN_PROGRESS"}}""";
    private const string RateLimited = """{"ok":false,"error":"rate_limited","message":"Too many requests"}""";

    [Test]
    public async Task Status429_WithRetryAfter_IsRetriedAndTheWaitLogged()
    {
        Handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("Retry-After", "7"));
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
        Assert.That(Log.Warnings.Single(), Does.Contain("429").And.Contain("Retry-After asked for 7 s"));
    }

    [Test]
    public async Task Status429_WithEpochRateLimitReset_IsRetried()
    {
        var reset = Clock.Now.AddSeconds(12).ToUnixTimeSeconds().ToString();
        Handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("x-ratelimit-reset", reset));
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "svc");

        Assert.That(Log.Warnings.Single(), Does.Contain("x-ratelimit-reset asked for 12 s"));
    }

    [Test]
    public async Task Status429_WithSecondsRateLimitReset_IsRetried()
    {
        Handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("x-ratelimit-reset", "30"));
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "svc");

        Assert.That(Log.Warnings.Single(), Does.Contain("x-ratelimit-reset asked for 30 s"));
    }

    [Test]
    public async Task Status429_DoesNotUseUpMaxRetries_PortIsPacingNotFailing()
    {
        for (var i = 0; i < 6; i++)
        {
            Handler.Respond(HttpStatusCode.TooManyRequests, RateLimited, r => r.Headers.Add("Retry-After", "1"));
        }

        Handler.Respond(HttpStatusCode.ServiceUnavailable, RateLimited);
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(8), "six 429s and a 503 with MaxRetries 3");
        Assert.That(Log.Warnings.Last(), Does.Contain("retry 1 of 3"));
        Assert.That(Log.Warnings[0], Does.Contain("(rate limit); trying again in 0 s (Retry-After asked for 1 s)"));
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    [TestCase(HttpStatusCode.RequestTimeout)]
    public async Task TransientStatus_IsRetried(HttpStatusCode status)
    {
        Handler.Respond(status, """{"ok":false,"error":"oops","message":"try later"}""");
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        var entity = await Client.GetEntityAsync("microservice", "svc");

        Assert.That((string?)entity["identifier"], Is.EqualTo("svc"));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task DroppedConnection_IsRetried()
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await Client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
        Assert.That(Log.Warnings.Single(), Does.Contain("HttpRequestException"));
    }

    [Test]
    public async Task SlowAttempt_TimesOutAndIsRetried()
    {
        var time = new FakeTimeProvider(Clock.Now);
        using var client = CreateClient(o =>
        {
            o.TimeProvider = time;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        });
        QueueAttemptCutOffAfter(time, TimeSpan.FromMilliseconds(100));
        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
        Assert.That(Log.Warnings.Single(), Does.Contain("PortTimeoutException: Port did not answer within 0.1 s (the time for one attempt)"));
    }

    [Test]
    public async Task SlowAttempts_PastTheTotalTimeout_FailAsATimeout_WithoutFurtherAttempts()
    {
        var time = new FakeTimeProvider(Clock.Now);
        using var client = CreateClient(o =>
        {
            o.TimeProvider = time;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(150);
            o.TotalTimeout = TimeSpan.FromMilliseconds(400);
            o.MaxRetries = 10;
        });
        for (var i = 0; i < 5; i++)
        {
            QueueAttemptCutOffAfter(time, TimeSpan.FromMilliseconds(150));
        }

        var ex = await Assert.ThrowsAsync<PortApiException>(() => client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Error, Is.EqualTo("timeout"));
        Assert.That(ex.Message, Does.StartWith("Port did not answer in time (0.4 s) after every retry."));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(3), "attempts start at 0, 150 and 300 ms; the total timeout ends the third at 400 ms");
        Assert.That(Log.Warnings, Has.Count.EqualTo(2).And.All.Contains("the time for one attempt"), "only the attempts cut off by their own timeout were retried");
    }

    [Test]
    public async Task SlowTokenRequest_CountsInTheTotalTimeout_TheAttemptsAfterItAreCutAtTheTotal()
    {
        var (client, time) = CreateClientOnFakeTime(TimeSpan.FromMilliseconds(400), o => o.AttemptTimeout = TimeSpan.FromMilliseconds(100));
        using var _ = client;
        Handler.TokenResponse = () =>
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            return FakePortHandler.Json(HttpStatusCode.OK, """{"ok":true,"accessToken":"slow","expiresIn":10800}""");
        };
        var cutOffAt = QueueAttemptsHangingUntilCutOff(time, 5);

        var ex = await Assert.ThrowsAsync<PortApiException>(() => client.GetEntityAsync("microservice", "svc"));

        Assert.That(cutOffAt, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(400) }), "the token took 250 ms, the first attempt its own 100 ms, and the total cut the second");
        Assert.That(ex!.Error, Is.EqualTo("timeout"));
        Assert.That(ex.Message, Does.StartWith("Port did not answer in time (0.4 s) after every retry."));
        Assert.That(ex.InnerException?.Message, Is.EqualTo("Port did not answer within 0.4 s (the time for the whole call, retries included)"));
    }

    [Test]
    public async Task SendAfterA401_CountsInTheTotalTimeout()
    {
        var (client, time) = CreateClientOnFakeTime(TimeSpan.FromMilliseconds(400));
        using var _ = client;
        Handler.RespondWith((_, _) =>
        {
            time.Advance(TimeSpan.FromMilliseconds(300));
            return Task.FromResult(FakePortHandler.Json(HttpStatusCode.Unauthorized, """{"ok":false,"error":"token_expired","message":"expired"}"""));
        });
        var cutOffAt = QueueAttemptsHangingUntilCutOff(time, 1);

        var ex = await Assert.ThrowsAsync<PortApiException>(() => client.GetEntityAsync("microservice", "svc"));

        Assert.That(cutOffAt, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(400) }), "the 401 came at 300 ms; the send with the renewed token was cut at the total");
        Assert.That(ex!.Error, Is.EqualTo("timeout"));
        Assert.That(Handler.TokenRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task ReadBackOfALostWrite_IsCutAtTheTotalTimeout_AndSaysTheWriteMayHaveLanded()
    {
        var (client, time) = CreateClientOnFakeTime(TimeSpan.FromMilliseconds(400));
        using var _ = client;
        QueueAnswerLostAfter(time, TimeSpan.FromMilliseconds(300));
        var cutOffAt = QueueAttemptsHangingUntilCutOff(time, 1);

        var ex = await Assert.ThrowsAsync<PortOutcomeUnknownException>(() => client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" }));

        Assert.That(cutOffAt, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(400) }), "the read-back began at 300 ms and was cut at the total");
        Assert.That(ex!.Message, Does.Contain("the call ran out of time before Port was read back (Port did not answer within 0.4 s (the time for the whole call, retries included))")
            .And.Contain("the log line of run 'r_1' may exist in Port now"));
        Assert.That(Handler.ApiRequests.Select(r => r.Method.Method), Is.EqualTo(new[] { "POST", "GET" }));
    }

    [Test]
    public async Task ResendOfAWriteThatDidNotLand_IsCutAtTheTotalTimeout_AndNotSentAThirdTime()
    {
        var (client, time) = CreateClientOnFakeTime(TimeSpan.FromMilliseconds(400));
        using var _ = client;
        QueueAnswerLostAfter(time, TimeSpan.FromMilliseconds(100));
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"runLogs":[]}""");
        var cutOffAt = QueueAttemptsHangingUntilCutOff(time, 1);

        var ex = await Assert.ThrowsAsync<PortOutcomeUnknownException>(() => client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" }));

        Assert.That(cutOffAt, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(400) }), "the resend began at 100 ms and was cut at the total");
        Assert.That(ex!.Message, Does.Contain("the call ran out of time before Port was read back"));
        Assert.That(Handler.ApiRequests.Select(r => r.Method.Method), Is.EqualTo(new[] { "POST", "GET", "POST" }));
    }

    [Test]
    public async Task ManyRateLimitsWithoutHints_BackOffWithinMaxRetryDelay_AndGetThrough()
    {
        using var client = CreateClient(o =>
        {
            o.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(2);
        });
        for (var i = 0; i < 60; i++)
        {
            Handler.Respond(HttpStatusCode.TooManyRequests, """{"ok":false,"error":"rate_limit","message":"slow down"}""");
        }

        Handler.Respond(HttpStatusCode.OK, EntityJson);

        await client.GetEntityAsync("microservice", "svc");

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(61), "429s do not use up MaxRetries (3), and 2^60 ms of backoff is capped, not overflowed");
    }

    [Test]
    public async Task RetriesRunOut_TheLastAnswerIsReported()
    {
        for (var i = 0; i < 4; i++)
        {
            Handler.Respond(HttpStatusCode.ServiceUnavailable, """{"ok":false,"error":"unavailable","message":"Port is down"}""");
        }

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(ex.Message, Is.EqualTo("Port is down"));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(4), "1 attempt + MaxRetries (3)");
    }

    [Test]
    public async Task NetworkFailure_EveryAttempt_BecomesConnectionFailed()
    {
        for (var i = 0; i < 4; i++)
        {
            Handler.Throw(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        }

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.GetEntityAsync("microservice", "svc"));

        Assert.That(ex!.Error, Is.EqualTo("connection_failed"));
        Assert.That(ex.StatusCode, Is.Null);
        Assert.That(ex.Message, Does.Contain("https://api.getport.io/"));
    }

    [Test]
    public async Task RunLog_On503_IsReadBack_AndNotRepeatedWhenItLanded()
    {
        Handler.Respond(HttpStatusCode.ServiceUnavailable, """{"ok":false,"error":"x","message":"down"}""");
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"runLogs":[{"id":"l0","message":"earlier"},{"id":"l1","message":"once","createdAt":"2026-11-23T12:00:01Z"}]}""");

        var log = await Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" });

        Assert.That((string?)log["id"], Is.EqualTo("l1"));
        Assert.That(Handler.ApiRequests.Select(r => r.Method.Method), Is.EqualTo(new[] { "POST", "GET" }));
        Assert.That(Log.Warnings, Has.Some.Contains("Port has it, so it landed"));
    }

    [Test]
    public async Task RunLog_OnDroppedResponse_IsSentAgain_WhenReadingBackDoesNotFindIt()
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        // The same message written long before this call is another line, not this one.
        Handler.Respond(HttpStatusCode.OK, """{"ok":true,"runLogs":[{"id":"l0","message":"once","createdAt":"2026-11-23T11:00:00Z"}]}""");
        Handler.Respond(HttpStatusCode.Created, """{"ok":true,"runLog":{"id":"l1"}}""");

        var log = await Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" });

        Assert.That((string?)log["id"], Is.EqualTo("l1"));
        Assert.That(Handler.ApiRequests.Select(r => r.Method.Method), Is.EqualTo(new[] { "POST", "GET", "POST" }));
        Assert.That(Log.Warnings, Has.Some.Contains("did not land; sending it again (1 of 3)"));
    }

    [Test]
    public async Task RunLog_WhoseFateCannotBeRead_FailsSayingItMayHaveHappened()
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        Handler.Respond(HttpStatusCode.NotFound, """{"ok":false,"error":"not_found","message":"no such run"}""");

        var ex = await Assert.ThrowsAsync<PortOutcomeUnknownException>(() => Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" }));

        Assert.That(ex!.Message, Does.Contain("reading Port back failed too").And.Contain("may exist in Port now").And.Contain("not sent again"));
        Assert.That(Handler.ApiRequests.Count(r => r.Method == HttpMethod.Post), Is.EqualTo(1));
    }

    [Test]
    public async Task CreateRun_OnDroppedResponse_FailsSayingARunMayHaveStarted()
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        var ex = await Assert.ThrowsAsync<PortOutcomeUnknownException>(() => Client.CreateRunAsync("deploy", new JsonObject()));

        Assert.That(ex!.Message, Does.Contain("a new run of action 'deploy' may exist in Port now"));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunLog_On429_IsRepeatedBecausePortRejectedItUnprocessed()
    {
        Handler.Respond(HttpStatusCode.TooManyRequests, RateLimited);
        Handler.Respond(HttpStatusCode.Created, """{"ok":true,"runLog":{"id":"l1"}}""");

        await Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" });

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RunLog_OnRefusedConnection_IsRepeatedBecauseNothingArrived()
    {
        Handler.Throw(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        Handler.Respond(HttpStatusCode.Created, """{"ok":true,"runLog":{"id":"l1"}}""");

        await Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" });

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RunLog_WhenTheProxyWouldNotOpenItsTunnel_IsRepeatedBecauseNothingArrived()
    {
        Handler.Throw(new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy proxy.corp:8080 answered 407 to CONNECT api.getport.io:443."));
        Handler.Respond(HttpStatusCode.Created, """{"ok":true,"runLog":{"id":"l1"}}""");

        await Client.AddRunLogAsync("r_1", new RunLogEntry { Message = "once" });

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2), "no read-back: sent again at once");
    }

    [Test]
    public async Task UpsertWithoutIdentifier_On500_IsNotRepeated()
    {
        Handler.Respond(HttpStatusCode.InternalServerError, """{"ok":false,"error":"x","message":"boom"}""");

        var ex = await Assert.ThrowsAsync<PortOutcomeUnknownException>(() => Client.UpsertEntityAsync("microservice", new JsonObject { ["title"] = "no id" }));

        Assert.That(ex!.Message, Does.Contain("a new entity in blueprint 'microservice'"));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task UpsertWithIdentifier_On500_IsRepeated()
    {
        Handler.Respond(HttpStatusCode.InternalServerError, """{"ok":false,"error":"x","message":"boom"}""");
        Handler.Respond(HttpStatusCode.Created, EntityJson);

        await Client.UpsertEntityAsync("microservice", new JsonObject { ["identifier"] = "svc" });

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RunPatch_On502_IsRepeatedBecauseItIsIdempotent()
    {
        Handler.Respond(HttpStatusCode.BadGateway, "");
        Handler.Respond(HttpStatusCode.OK, RunJson);

        await Client.UpdateRunAsync("r_1", new RunUpdate { StatusLabel = "x" });

        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(2));
    }

    /// <summary>A client whose clock is a <see cref="FakeTimeProvider"/> the responders move, with the given total timeout.</summary>
    private (PortClient Client, FakeTimeProvider Time) CreateClientOnFakeTime(TimeSpan totalTimeout, Action<PortClientOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Clock.Now);
        var client = CreateClient(o =>
        {
            o.TimeProvider = time;
            o.TotalTimeout = totalTimeout;
            o.MaxRetries = 10;
            configure?.Invoke(o);
        });
        return (client, time);
    }

    /// <summary>Queues a write whose answer is lost after <paramref name="duration"/>: Port may have acted on it.</summary>
    private void QueueAnswerLostAfter(FakeTimeProvider time, TimeSpan duration)
    {
        Handler.RespondWith((_, _) =>
        {
            time.Advance(duration);
            return Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        });
    }

    /// <summary>
    /// Queues <paramref name="count"/> answers that never come: each attempt moves <paramref name="time"/> on 10 ms at a
    /// time until a timeout cuts it off, and adds to the list how long after the call began that was. An attempt that
    /// nothing cuts off within a minute fails loudly.
    /// </summary>
    private List<TimeSpan> QueueAttemptsHangingUntilCutOff(FakeTimeProvider time, int count)
    {
        var start = time.GetUtcNow();
        var step = TimeSpan.FromMilliseconds(10);
        var cutOffAt = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            Handler.RespondWith(async (_, cancellationToken) =>
            {
                // Tied to the attempt's token before time moves: the timers Advance fires cancel it before Advance returns.
                var cutOff = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                for (var waited = TimeSpan.Zero; !cutOff.IsCompleted; waited += step)
                {
                    if (waited >= TimeSpan.FromMinutes(1))
                    {
                        throw new InvalidOperationException("No timeout cut the attempt off within a minute.");
                    }

                    time.Advance(step);
                }

                cutOffAt.Add(time.GetUtcNow() - start);
                await cutOff; // canceled, so this throws, as a request cut off by its token does
                throw new System.Diagnostics.UnreachableException();
            });
        }

        return cutOffAt;
    }

    /// <summary>
    /// Queues an answer that never comes: the attempt spends <paramref name="duration"/> of <paramref name="time"/>,
    /// which fires the timeouts due by then, and fails loudly if none of them cut it off.
    /// </summary>
    private void QueueAttemptCutOffAfter(FakeTimeProvider time, TimeSpan duration)
    {
        Handler.RespondWith(async (_, cancellationToken) =>
        {
            // Tied to the attempt's token before time moves: the timers Advance fires cancel it before Advance returns.
            var cutOff = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            time.Advance(duration);
            if (!cutOff.IsCompleted)
            {
                throw new InvalidOperationException($"No timeout cut the attempt off after {duration.TotalMilliseconds} ms.");
            }

            await cutOff; // canceled, so this throws, as a request cut off by its token does
            throw new System.Diagnostics.UnreachableException();
        });
    }
}
