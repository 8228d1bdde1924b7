using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Port.Client.Models;
using Port.Client.Tests.Fakes;

namespace Port.Client.Tests;

/// <summary>The bulk upsert with several requests in flight: the bound, pushing back on 429, and failures.</summary>
public class PortClientBulkTests : ClientFixture
{
    /// <summary>
    /// The longest an answer waits for the event it is held for; past it the test fails rather than going on. Shorter
    /// than the client's attempt timeout (30 s), which would otherwise cut the wait off first and retry the request.
    /// </summary>
    private static readonly TimeSpan HoldCap = TimeSpan.FromSeconds(20);

    private ConcurrentBag<string> _accepted = null!;
    private ConcurrentBag<string> _holdsTimedOut = null!;

    [SetUp]
    public void Forget()
    {
        _accepted = [];
        _holdsTimedOut = [];
    }

    [TearDown]
    public void NoAnswerWaitedInVain() => Assert.That(_holdsTimedOut, Is.Empty);

    [Test]
    public async Task EightInFlight_NeverMore_AndEveryEntityAcceptedOnce_AtItsIndex()
    {
        var entities = Entities(1000);
        var inFlight = new InFlight();
        var eightInFlight = inFlight.Reached(8);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        QueueEcho(8, inFlight, holdUntil: release.Task);
        QueueEcho(42, inFlight);
        var reported = new List<int>();

        // The call runs until the client first has to wait, for a ninth slot: the answers are released only then, so a
        // client that let a ninth request go would have sent it already.
        var upserting = Client.BulkUpsertEntitiesAsync("microservice", entities, maxInFlight: 8,
            chunkDone: chunk => reported.AddRange(chunk.Entities.Select(e => e.Index)));
        await eightInFlight.WaitAsync(HoldCap);
        release.SetResult();
        var result = await upserting;

        Assert.That(inFlight.Max, Is.EqualTo(8), "the first 8 answers waited for 8 requests; none of the 50 saw a ninth");
        Assert.That(_accepted.Order(), Is.EqualTo(entities.Select(e => (string)e["identifier"]!).Order()));
        Assert.That(result.Entities.Select(e => (e.Index, e.Identifier)), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (i, (string?)$"e{i}"))));
        Assert.That(reported.Order(), Is.EqualTo(Enumerable.Range(0, 1000)));
    }

    [Test]
    public async Task ABurstOf429_HalvesTheRequestsInFlight_AndEachEntityIsAcceptedOnce()
    {
        var entities = Entities(400);
        // The burst: Port refuses the first 8 requests once all 8 are in flight.
        var refused = new InFlight();
        Queue(8, refused, refused.Reached(8), (_, _) => Task.FromResult(
            FakePortHandler.Json(HttpStatusCode.TooManyRequests, """{"ok":false,"error":"rate_limit_exceeded","message":"slow down"}""")));
        var retries = new InFlight();
        QueueEcho(8, retries, holdUntil: retries.Reached(8));
        // The 12 requests after the burst: the first 4 answers wait until the halved limit's worth are in flight.
        var later = new InFlight();
        QueueEcho(4, later, holdUntil: later.Reached(4));
        QueueEcho(8, later);

        await Client.BulkUpsertEntitiesAsync("microservice", entities, maxInFlight: 8);

        Assert.That(_accepted, Has.Count.EqualTo(400).And.Unique);
        Assert.That(retries.Max, Is.EqualTo(8), "the refused requests keep their places and are sent again once Port's wait is over");
        Assert.That(later.Max, Is.InRange(4, 5),
            "the burst halved 8 to 4 and the first 4 answers waited for 4; each answer adds 1/limit, so a fifth request fits after five answers, a sixth only after ten, when two are left");
        Assert.That(Log.Warnings, Has.One.Contains("at most 4 request(s) in flight"));
    }

    [Test]
    public async Task ARequestThatFailsForGood_StopsNewRequests_ReportsThoseInFlight_ThenThrows()
    {
        var streamClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entities = ClosingWith(Entities(200), streamClosed);
        // Race-free: the echoes keep their slots until the sending loop closes the stream, which it does only once it stopped; the one slot it can get first is the 400's, freed after the failure was recorded.
        QueueEcho(2, new InFlight(), holdUntil: streamClosed.Task);
        Handler.Respond(HttpStatusCode.BadRequest, """{"ok":false,"error":"invalid_request","message":"the body is not valid"}""");
        QueueEcho(7, new InFlight());
        var reported = 0;

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.BulkUpsertEntitiesAsync("microservice", entities, maxInFlight: 3, chunkDone: chunk => reported += chunk.Entities.Count));

        Assert.That(ex!.Message, Is.EqualTo("the body is not valid"));
        Assert.That(reported, Is.EqualTo(40), "the two requests in flight beside the failed one were awaited and reported");
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(3), "nothing was sent once the failure was known");
    }

    [Test]
    public async Task ACancel_SendsNothingMore_CountsWhatTheRequestsInFlightWroteInTheGrace_AndReportsTheUnansweredOnes()
    {
        using var client = CreateClient(o => o.CancelGrace = TimeSpan.FromSeconds(2));
        using var cancel = new CancellationTokenSource();
        var inFlight = new InFlight();
        var fourInFlight = inFlight.Reached(4);
        var answerAfterTheCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Of the four requests in flight at the cancel: one writes its 20 and says so, one answers 503 (Port may have
        // written before failing), one 429 (Port did nothing), one never answers (Port may have written).
        QueueEcho(1, inFlight, holdUntil: answerAfterTheCancel.Task);
        Queue(1, inFlight, answerAfterTheCancel.Task, (_, _) => Task.FromResult(
            FakePortHandler.Json(HttpStatusCode.ServiceUnavailable, """{"ok":false,"error":"unavailable","message":"try later"}""")));
        Queue(1, inFlight, answerAfterTheCancel.Task, (_, _) => Task.FromResult(
            FakePortHandler.Json(HttpStatusCode.TooManyRequests, """{"ok":false,"error":"rate_limit_exceeded","message":"slow down"}""")));
        QueueEcho(1, inFlight, holdUntil: never.Task);
        var written = 0;
        var unanswered = 0;

        var upserting = client.BulkUpsertEntitiesAsync("microservice", Entities(200), maxInFlight: 4, cancellationToken: cancel.Token,
            chunkDone: chunk => (written, unanswered) = (written + chunk.Entities.Count, unanswered + chunk.Unanswered));
        await fourInFlight.WaitAsync(HoldCap);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cancel.CancelAsync();
        answerAfterTheCancel.SetResult();

        await Assert.CatchAsync<OperationCanceledException>(() => upserting);
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)).And.LessThan(HoldCap), "the unanswered request was waited for until the grace was over");
        Assert.That((written, unanswered), Is.EqualTo((20, 40)));
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(4), "no request and no retry was sent after the cancel");
    }

    [Test]
    public async Task ACancel_WhenEveryRequestInFlightAnswersInTheGrace_LeavesNothingUnanswered()
    {
        using var cancel = new CancellationTokenSource();
        var inFlight = new InFlight();
        var threeInFlight = inFlight.Reached(3);
        var answerAfterTheCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        QueueEcho(3, inFlight, holdUntil: answerAfterTheCancel.Task);
        var written = new List<int>();
        var unanswered = 0;

        var upserting = Client.BulkUpsertEntitiesAsync("microservice", Entities(200), maxInFlight: 3, cancellationToken: cancel.Token,
            chunkDone: chunk => { written.AddRange(chunk.Entities.Select(e => e.Index)); unanswered += chunk.Unanswered; });
        await threeInFlight.WaitAsync(HoldCap);
        await cancel.CancelAsync();
        answerAfterTheCancel.SetResult();

        await Assert.CatchAsync<OperationCanceledException>(() => upserting);
        Assert.That(written.Order(), Is.EqualTo(Enumerable.Range(0, 60)), "the three requests in flight at the cancel were counted");
        Assert.That(unanswered, Is.Zero);
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task TheEntitiesAreReadAsTheyAreSent_NotAllAtOnce()
    {
        var read = 0;
        IEnumerable<JsonObject> Stream()
        {
            for (var i = 0; i < 100; i++)
            {
                read++;
                yield return new JsonObject { ["identifier"] = $"e{i}" };
            }
        }

        var readWhenFirstAnswered = -1;
        QueueEcho(5, new InFlight());

        await Client.BulkUpsertEntitiesAsync("microservice", Stream(), maxInFlight: 1, chunkDone: _ => readWhenFirstAnswered = readWhenFirstAnswered < 0 ? read : readWhenFirstAnswered);

        Assert.That(readWhenFirstAnswered, Is.LessThanOrEqualTo(21), "one request of 20 (and the entity that closed it) had been read");
    }

    private static List<JsonObject> Entities(int count) =>
        Enumerable.Range(0, count).Select(i => new JsonObject { ["identifier"] = $"e{i}", ["properties"] = new JsonObject { ["n"] = i } }).ToList();

    /// <summary>The entities, as a stream that completes <paramref name="closed"/> when its reader disposes it.</summary>
    private static IEnumerable<JsonObject> ClosingWith(IEnumerable<JsonObject> entities, TaskCompletionSource closed)
    {
        try
        {
            foreach (var entity in entities)
            {
                yield return entity;
            }
        }
        finally
        {
            closed.TrySetResult();
        }
    }

    /// <summary>Queues <paramref name="requests"/> answers that accept every entity of their request.</summary>
    private void QueueEcho(int requests, InFlight counter, Task? holdUntil = null) =>
        Queue(requests, counter, holdUntil, async (request, ct) =>
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!["entities"]!.AsArray();
            var answers = body.Select((e, index) =>
            {
                _accepted.Add((string)e!["identifier"]!);
                return (JsonNode)new JsonObject { ["identifier"] = (string)e!["identifier"]!, ["index"] = index, ["created"] = true };
            }).ToArray();
            return FakePortHandler.Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true, ["entities"] = new JsonArray(answers), ["errors"] = new JsonArray() }.ToJsonString());
        });

    /// <summary>
    /// Queues <paramref name="requests"/> answers, each counted in flight by <paramref name="counter"/> from the moment
    /// its request arrives until it is answered. With <paramref name="holdUntil"/>, each answer waits for that event first;
    /// an event that has not come after <see cref="HoldCap"/> fails the test.
    /// </summary>
    private void Queue(int requests, InFlight counter, Task? holdUntil, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        for (var i = 0; i < requests; i++)
        {
            Handler.RespondWith(async (request, ct) =>
            {
                counter.Enter();
                try
                {
                    if (holdUntil is not null)
                    {
                        await HoldAsync(holdUntil, counter, ct);
                    }

                    return await answer(request, ct);
                }
                finally
                {
                    counter.Leave();
                }
            });
        }
    }

    private async Task HoldAsync(Task until, InFlight counter, CancellationToken cancellationToken)
    {
        try
        {
            await until.WaitAsync(HoldCap, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The client may swallow this answer's failure behind another; the TearDown reports it regardless.
            var message = $"An answer waited {HoldCap.TotalSeconds} s for an event that never came ({counter.Now} request(s) of its kind in flight).";
            _holdsTimedOut.Add(message);
            throw new TimeoutException(message);
        }
    }

    /// <summary>How many requests are in flight now and at most; <see cref="Reached"/> completes once as many were at once.</summary>
    private sealed class InFlight
    {
        private readonly object _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _thresholds = [];
        private int _now;

        public int Max { get; private set; }

        public int Now
        {
            get
            {
                lock (_gate)
                {
                    return _now;
                }
            }
        }

        public Task Reached(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _thresholds.Add((count, reached));
                if (Max >= count)
                {
                    reached.TrySetResult();
                }
            }

            return reached.Task;
        }

        public void Enter()
        {
            lock (_gate)
            {
                Max = Math.Max(Max, ++_now);
                foreach (var threshold in _thresholds.Where(t => t.Count <= _now))
                {
                    threshold.Reached.TrySetResult();
                }
            }
        }

        public void Leave()
        {
            lock (_gate)
            {
                _now--;
            }
        }
    }
}
