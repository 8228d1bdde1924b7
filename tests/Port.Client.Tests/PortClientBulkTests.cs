using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Port.Client.Models;
using Port.Client.Tests.Fakes;

namespace Port.Client.Tests;

/// <summary>The bulk upsert with several requests in flight: the bound, pushing back on 429, and failures.</summary>
public class PortClientBulkTests : ClientFixture
{
    private ConcurrentBag<string> _accepted = null!;

    [SetUp]
    public void ForgetAccepted() => _accepted = [];

    [Test]
    public async Task EightInFlight_NeverMore_AndEveryEntityAcceptedOnce_AtItsIndex()
    {
        var entities = Entities(1000);
        var requests = QueueEcho(50, delay: TimeSpan.FromMilliseconds(20));
        var reported = new List<int>();

        var result = await Client.BulkUpsertEntitiesAsync("microservice", entities, maxInFlight: 8,
            chunkDone: chunk => reported.AddRange(chunk.Entities.Select(e => e.Index)));

        Assert.That(requests.Max, Is.EqualTo(8));
        Assert.That(_accepted.Order(), Is.EqualTo(entities.Select(e => (string)e["identifier"]!).Order()));
        Assert.That(result.Entities.Select(e => (e.Index, e.Identifier)), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (i, (string?)$"e{i}"))));
        Assert.That(reported.Order(), Is.EqualTo(Enumerable.Range(0, 1000)));
    }

    [Test]
    public async Task ABurstOf429_HalvesTheRequestsInFlight_AndEachEntityIsAcceptedOnce()
    {
        var entities = Entities(400);
        var refused = new InFlight();
        for (var i = 0; i < 8; i++)
        {
            Handler.RespondWith(async (_, ct) =>
            {
                // The burst: all 8 first requests are in flight when Port refuses them.
                refused.Enter();
                for (var waited = 0; refused.Now < 8 && waited < 2000; waited += 10)
                {
                    await Task.Delay(10, ct);
                }

                await Task.Delay(20, ct);
                return FakePortHandler.Json(HttpStatusCode.TooManyRequests, """{"ok":false,"error":"rate_limit_exceeded","message":"slow down"}""");
            });
        }

        var retries = QueueEcho(8, delay: TimeSpan.FromMilliseconds(20), waitFor: 8);
        var later = QueueEcho(12, delay: TimeSpan.FromMilliseconds(20));

        await Client.BulkUpsertEntitiesAsync("microservice", entities, maxInFlight: 8);

        Assert.That(_accepted, Has.Count.EqualTo(400).And.Unique);
        Assert.That(retries.Max, Is.EqualTo(8), "the refused requests keep their places and are sent again once Port's wait is over");
        Assert.That(later.Max, Is.InRange(2, 5), "the burst halved 8 to 4; each answer that follows adds a quarter of a request");
        Assert.That(Log.Warnings, Has.One.Contains("at most 4 request(s) in flight"));
    }

    [Test]
    public async Task ARequestThatFailsForGood_StopsNewRequests_ReportsThoseInFlight_ThenThrows()
    {
        var entities = Entities(200);
        QueueEcho(2, delay: TimeSpan.FromMilliseconds(50));
        Handler.Respond(HttpStatusCode.BadRequest, """{"ok":false,"error":"invalid_request","message":"the body is not valid"}""");
        QueueEcho(7, delay: TimeSpan.FromMilliseconds(50));
        var reported = 0;

        var ex = await Assert.ThrowsAsync<PortApiException>(() => Client.BulkUpsertEntitiesAsync("microservice", entities, maxInFlight: 3, chunkDone: chunk => reported += chunk.Entities.Count));

        Assert.That(ex!.Message, Is.EqualTo("the body is not valid"));
        Assert.That(reported, Is.EqualTo(40), "the two requests in flight beside the failed one were awaited and reported");
        Assert.That(Handler.ApiRequests, Has.Count.EqualTo(3), "nothing was sent once the failure was known");
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
        QueueEcho(5, delay: TimeSpan.Zero);

        await Client.BulkUpsertEntitiesAsync("microservice", Stream(), maxInFlight: 1, chunkDone: _ => readWhenFirstAnswered = readWhenFirstAnswered < 0 ? read : readWhenFirstAnswered);

        Assert.That(readWhenFirstAnswered, Is.LessThanOrEqualTo(21), "one request of 20 (and the entity that closed it) had been read");
    }

    private static List<JsonObject> Entities(int count) =>
        Enumerable.Range(0, count).Select(i => new JsonObject { ["identifier"] = $"e{i}", ["properties"] = new JsonObject { ["n"] = i } }).ToList();

    /// <summary>
    /// Queues <paramref name="requests"/> answers that accept every entity of the request after a delay.
    /// The returned counter tells how many of these requests were in flight at most.
    /// </summary>
    /// <param name="waitFor">Each answer waits (up to 2 s) until this many requests are in flight, so a busy machine that
    /// starts them a little apart still shows how many the client lets through at once.</param>
    private InFlight QueueEcho(int requests, TimeSpan delay, int waitFor = 0)
    {
        var counter = new InFlight();
        for (var i = 0; i < requests; i++)
        {
            Handler.RespondWith(async (request, ct) =>
            {
                counter.Enter();
                try
                {
                    for (var waited = 0; counter.Now < waitFor && waited < 2000; waited += 10)
                    {
                        await Task.Delay(10, ct);
                    }

                    await Task.Delay(delay, ct);
                    var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!["entities"]!.AsArray();
                    var answers = body.Select((e, index) =>
                    {
                        _accepted.Add((string)e!["identifier"]!);
                        return (JsonNode)new JsonObject { ["identifier"] = (string)e!["identifier"]!, ["index"] = index, ["created"] = true };
                    }).ToArray();
                    return FakePortHandler.Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true, ["entities"] = new JsonArray(answers), ["errors"] = new JsonArray() }.ToJsonString());
                }
                finally
                {
                    counter.Leave();
                }
            });
        }

        return counter;
    }

    private sealed class InFlight
    {
        private readonly object _gate = new();
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

        public void Enter()
        {
            lock (_gate)
            {
                Max = Math.Max(Max, ++_now);
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
