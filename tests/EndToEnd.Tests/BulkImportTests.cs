using System.Globalization;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>Bulk imports at catalog scale through the packaged PortUpsertEntity, against the emulator's faults.</summary>
public class BulkImportTests : EmulatorTest
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("port-bulk-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>The bulk requests Port answered, each with its status and the identifiers it carried.</summary>
    private static List<(int Status, string[] Identifiers)> BulkRequests() => PackagedExtension.Emulator.Journal.ToJson()
        .Where(r => ((string?)r!["path"])!.EndsWith("/entities/bulk", StringComparison.Ordinal))
        .Select(r => ((int)r!["status"]!, r["body"]!["entities"]!.AsArray().Select(e => (string)e!["identifier"]!).ToArray()))
        .ToList();

    private string Csv(int rows, Func<int, string>? row = null)
    {
        var path = Path.Combine(_directory, "services.csv");
        File.WriteAllLines(path, new[] { "identifier,title,replicas:number,tags:json" }
            .Concat(Enumerable.Range(1, rows).Select(row ?? (i => $"svc-{i:D5},Service {i},{i % 9},\"[\"\"t{i % 3}\"\"]\""))));
        return path;
    }

    [Test]
    public void TenThousandCsvRows_Under429StormsAnd5xxBursts_AreEachWrittenExactlyOnce()
    {
        // 500 bulk requests against 100 a second: every second ends in a storm of 429s; 5% of requests answer 503.
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings { RateLimit = 100, RateLimitPeriodSeconds = 1, ErrorRate = 0.05, ErrorStatus = 503 });

        var run = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", Csv(10_000)).Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That((run.Outputs["upsertedCount"], run.Outputs["failedCount"]), Is.EqualTo(("10000", "0")));
        var requests = BulkRequests();
        Assert.That(requests.Count(r => r.Status == 429), Is.Positive, "the storms happened");
        Assert.That(requests.Count(r => r.Status == 503), Is.Positive, "the bursts happened");
        var written = requests.Where(r => r.Status is 200 or 207).SelectMany(r => r.Identifiers).ToList();
        Assert.That(written, Has.Count.EqualTo(10_000).And.Unique, "each row was accepted by Port exactly once");
        var stored = PackagedExtension.Emulator.State.EntitiesOf("microservice");
        Assert.That(Enumerable.Range(1, 10_000).All(i => stored.TryGetValue($"svc-{i:D5}", out var e) && (double)e["properties"]!["replicas"]! == i % 9), Is.True);
        Assert.That(run.Lines, Has.Some.Contains("(rate limit); trying again in"));
        Assert.That(run.Lines, Has.Some.Contains("Port is rate limiting the bulk upsert: at most 4 request(s) in flight"));
        Assert.That(run.Lines, Has.Some.Contains("Port answered 503"));
        Assert.That(run.Lines, Has.Some.StartsWith("##vso[task.setprogress value=100;]10,000 of 10,000 entities"));
    }

    [Test]
    public void ABadRow_WritesNothing_AndIsNamedWithItsLine()
    {
        var path = Csv(5_000, i => i == 4_321 ? $"svc-{i},Service,many,[]" : $"svc-{i},Service {i},1,[]");

        var run = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", path).Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Lines, Has.Some.Contains("The input 'entitiesFile' names 'services.csv', whose line 4322, column 'replicas:number' holds 'many', which is not a number."));
        Assert.That(BulkRequests(), Is.Empty, "the check pass runs before anything is sent");
    }

    [Test]
    public void ParallelRequests_BoundsWhatIsInFlight_AndIsCheckedAsAnInput()
    {
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings { LatencyMs = 30 }); // requests overlap if the task lets them
        var run = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", Csv(400)).Input("parallelRequests", "2").Run();
        var wrong = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", Csv(100)).Input("parallelRequests", "64").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Lines, Has.Some.Contains("up to 2 requests in flight"));
        Assert.That(MostInFlight("/entities/bulk"), Is.EqualTo(2), "Port never had more than 2 bulk requests of the task at once, from the emulator's journal");
        Assert.That(BulkRequests().Select(r => r.Identifiers.Length), Is.EqualTo(Enumerable.Repeat(20, 20)), "the 400 rows went as 20 requests of 20, none sent twice");
        Assert.That(wrong.Result, Is.EqualTo("Failed"));
        Assert.That(wrong.Lines, Has.Some.Contains("The input 'parallelRequests' is '64'; use a whole number from 1 to 16 (default 8)."));
        Assert.That(int.Parse(run.Outputs["upsertedCount"], CultureInfo.InvariantCulture), Is.EqualTo(400));
        Assert.That(JsonNode.Parse(run.Outputs["identifiers"])!.AsArray(), Has.Count.EqualTo(400));
    }
}
