using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>
/// A bulk import through the packaged PortUpsertEntity against the emulator's faults. Each test asserts the step's
/// result, the log, and the emulator's journal: every entity stored, none lost, none accepted twice.
/// </summary>
public class FaultTests : EmulatorTest
{
    private string _file = null!;

    [SetUp]
    public void WriteEntities()
    {
        _file = Path.Combine(Path.GetTempPath(), $"port-faults-{Guid.NewGuid():N}.ndjson");
        File.WriteAllLines(_file, Enumerable.Range(1, 4000).Select(i => $$$"""{"identifier": "fault-{{{i}}}", "properties": {"replicas": {{{i % 7}}}}}"""));
    }

    [TearDown]
    public void DeleteEntities() => File.Delete(_file);

    private TaskProcess Import() => new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", _file);

    /// <summary>Every entity is in Port with its properties, and Port accepted each exactly once.</summary>
    private static void AssertEachStoredOnce(AgentRun run)
    {
        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["upsertedCount"], Is.EqualTo("4000"));
        var accepted = Journaled("/entities/bulk").Where(r => (int)r["status"]! is 200 or 207)
            .SelectMany(r => r["body"]!["entities"]!.AsArray().Select(e => (string)e!["identifier"]!)).ToList();
        Assert.That(accepted, Has.Count.EqualTo(4000).And.Unique);
        var stored = PackagedExtension.Emulator.State.EntitiesOf("microservice");
        Assert.That(Enumerable.Range(1, 4000).All(i => stored.TryGetValue($"fault-{i}", out var e) && (double)e["properties"]!["replicas"]! == i % 7), Is.True);
    }

    [Test]
    public void A429Storm_WithOnlyXRateLimitReset_IsWaitedOut()
    {
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings { RateLimit = 60, RateLimitPeriodSeconds = 1, RetryAfterHeader = false });

        var run = Import().Run();

        AssertEachStoredOnce(run);
        Assert.That(Journaled("/entities/bulk").Count(r => (int)r["status"]! == 429), Is.Positive);
        Assert.That(run.Lines, Has.Some.Contains("(rate limit); trying again in").And.Contains("x-ratelimit-reset asked for"));
        Assert.That(run.Lines, Has.None.Contains("Retry-After asked"));
    }

    [Test]
    public void DroppedConnections_DuringABulkImport_AreSentAgain()
    {
        // 5% of requests lose their connection before Port acts; one more loses it after Port wrote the entities.
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings
        {
            DropRate = 0.05,
            Next = [new() { Status = 0, PathContains = "/entities/bulk", AfterProcessing = true }],
        });

        var run = Import().Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(Journaled("/entities/bulk").Count(r => (int)r["status"]! == 0), Is.GreaterThan(1), "the dice and the scripted drop");
        Assert.That(run.Lines, Has.Some.Contains("/entities/bulk: the attempt failed ("));
        var stored = PackagedExtension.Emulator.State.EntitiesOf("microservice");
        Assert.That(Enumerable.Range(1, 4000).All(i => stored.ContainsKey($"fault-{i}")), Is.True);
        // The request whose answer was lost is an upsert by identifier: sending it again rewrites the same entities.
        Assert.That(run.Outputs["upsertedCount"], Is.EqualTo("4000"));
    }

    [Test]
    public void AnAccessTokenExpiring_InTheMiddleOfABulkImport_IsRenewed()
    {
        // Every token expires the moment Port has answered the 10th bulk request: 190 requests are still to come.
        PackagedExtension.Emulator.Journal.When(entry => IsRequestTo(entry, "/entities/bulk"), 10, PackagedExtension.Emulator.Tokens.ExpireAll);

        var run = Import().Run();

        AssertEachStoredOnce(run);
        Assert.That(Journaled("/entities/bulk").Count(r => (int)r["status"]! == 401), Is.Positive, "the token expired mid-import");
        Assert.That(Journaled("/auth/access_token"), Has.Count.GreaterThan(1), "a new token was fetched");
        Assert.That(run.Lines, Has.Some.Contains("renewing the access token and trying once more"));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }
}
