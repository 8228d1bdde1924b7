using System.Diagnostics;
using System.Net;

namespace Port.Emulator.Tests;

public class FaultAndAdminTests : EmulatorFixture
{
    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task ScriptedFault_AnswersOnceThenPasses()
    {
        Emulator.SetFaults(new FaultSettings { Next = [new ScriptedFault { Status = 503, RetryAfterSeconds = 2 }] });

        using var faulted = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");
        var (status, _) = await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout");

        Assert.That(faulted.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(faulted.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task RateLimit_Answers429WithPortsHeaders()
    {
        Emulator.SetFaults(new FaultSettings { RateLimit = 2, RateLimitPeriodSeconds = 30 });

        using var first = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");
        using var second = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");
        using var third = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Headers.GetValues("x-ratelimit-remaining").Single(), Is.EqualTo("1"));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, Is.InRange(1, 30));
        Assert.That(third.Headers.GetValues("x-ratelimit-limit").Single(), Is.EqualTo("2"));
        Assert.That(long.Parse(third.Headers.GetValues("x-ratelimit-reset").Single()), Is.GreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.That(third.Headers.GetValues("x-ratelimit-period").Single(), Is.EqualTo("30"));
    }

    [Test]
    public async Task RateLimit_WithoutRetryAfter_SaysWhenOnlyThroughXRateLimitReset()
    {
        Emulator.SetFaults(new FaultSettings { RateLimit = 1, RateLimitPeriodSeconds = 30, RetryAfterHeader = false });

        using var first = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");
        using var second = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(second.Headers.RetryAfter, Is.Null);
        Assert.That(second.Headers.Contains("x-ratelimit-reset"), Is.True);
    }

    [Test]
    public async Task DroppedConnection_GivesNoAnswer()
    {
        Emulator.SetFaults(new FaultSettings { DropRate = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync("/v1/blueprints/microservice/entities/checkout"));
    }

    [Test]
    public async Task SlowAnswer_ComesLate_OrIsJournaledAs499WhenTheClientGivesUp()
    {
        Emulator.SetFaults(new FaultSettings { Next = [new() { Status = 200, DelayMs = 300 }, new() { Status = 200, DelayMs = 5000 }] });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var late = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(290));

        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.CatchAsync<OperationCanceledException>(() => Http.GetAsync("/v1/blueprints/microservice/entities/checkout", impatient.Token));
        Assert.That(() => Emulator.Journal.ToJson().Select(r => (int)r!["status"]!).Last(), Is.EqualTo(499).After(2000, 50));
    }

    [Test]
    public async Task ErrorRate_InjectsTheConfiguredStatus()
    {
        Emulator.SetFaults(new FaultSettings { ErrorRate = 1, ErrorStatus = 502 });

        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout"), HttpStatusCode.BadGateway, "emulated_fault");
    }

    [Test]
    public async Task Latency_IsAdded()
    {
        Emulator.SetFaults(new FaultSettings { LatencyMs = 300 });
        var watch = Stopwatch.StartNew();

        await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout");

        Assert.That(watch.ElapsedMilliseconds, Is.GreaterThanOrEqualTo(290));
    }

    [Test]
    public async Task FaultsEndpoint_SetsFaultsOverHttp()
    {
        using var put = await Http.PutAsync("/_emulator/faults", new StringContent("""{"next":[{"status":500}]}""", System.Text.Encoding.UTF8, "application/json"));
        using var faulted = await Http.GetAsync("/v1/blueprints/microservice/entities/checkout");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(faulted.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task Journal_ListsRequestsWithSecretsRemoved()
    {
        Emulator.Journal.Clear();
        await LoginAsync();
        await SendAsync(HttpMethod.Post, "/v1/blueprints/microservice/entities?upsert=true", """{"identifier":"x"}""");

        var journal = await Http.GetStringAsync("/_emulator/requests");

        Assert.That(journal, Does.Not.Contain("demo-client-secret"));
        Assert.That(journal, Does.Contain("\"clientSecret\":\"***\""));
        Assert.That(journal, Does.Contain("\"query\":\"?upsert=true\""));
        Assert.That(journal, Does.Contain("\"status\":201"));
    }

    [Test]
    public async Task Journal_TimesEachRequest_FromArrivalToAnswer()
    {
        Emulator.Journal.Clear();
        Emulator.SetFaults(new FaultSettings { Next = [new ScriptedFault { Status = 200, DelayMs = 300, PathContains = "/entities/checkout" }] });

        await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout");

        var entry = Emulator.Journal.ToJson().Single()!;
        Assert.That((double)entry["answeredMs"]! - (double)entry["receivedMs"]!, Is.GreaterThanOrEqualTo(290), "the answer left after the 300 ms delay (timers may fire a few ms early)");
    }

    [Test]
    public async Task Journal_ActsOnTheNthMatchingRequest_AndNotBefore()
    {
        Emulator.Journal.Clear();
        static bool Checkout(System.Text.Json.Nodes.JsonObject entry) => ((string)entry["path"]!).EndsWith("/checkout", StringComparison.Ordinal);
        var journaledWhenActed = new List<int>();
        Emulator.Journal.When(Checkout, 2, () => journaledWhenActed.Add(Emulator.Journal.ToJson().Count));
        var second = Emulator.Journal.WhenAsync(Checkout, 2); // registered after: completes once the action above ran

        await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout");
        await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/nope");
        var earlier = second.IsCompleted;
        await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/checkout");

        Assert.That(second.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(earlier, Is.False, "one request to checkout is not two");
        Assert.That(journaledWhenActed, Is.EqualTo(new[] { 3 }), "once, as the second request to checkout was journaled");
    }

    [Test]
    public async Task State_SavesAndLoads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"port-emulator-{Guid.NewGuid():N}.json");
        try
        {
            await SendAsync(HttpMethod.Post, "/v1/blueprints/microservice/entities", """{"identifier":"saved"}""");
            Emulator.SaveState(path);
            Emulator.Reset();
            AssertPortError(await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/saved"), HttpStatusCode.NotFound, "not_found");

            using var load = await Http.PostAsync($"/_emulator/state/load?path={Uri.EscapeDataString(path)}", null);
            var (status, _) = await SendAsync(HttpMethod.Get, "/v1/blueprints/microservice/entities/saved");

            Assert.That(load.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
