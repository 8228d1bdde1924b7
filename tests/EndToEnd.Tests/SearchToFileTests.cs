using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>A search of several pages, every match streamed to a file, through the packaged tasks.</summary>
public class SearchToFileTests : EmulatorTest
{
    [Test]
    public void ASearchOfSeveralPages_WritesEveryMatchToTheFile_AndCountsThemExactly()
    {
        var directory = Directory.CreateTempSubdirectory("port-search-").FullName;
        try
        {
            var csv = Path.Combine(directory, "services.csv");
            File.WriteAllLines(csv, new[] { "identifier,language,replicas:number" }.Concat(Enumerable.Range(1, 2300).Select(i => $"bulk-{i:D4},go,{i % 7}")));
            var import = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", csv).Run();
            Assert.That(import.Outputs["upsertedCount"], Is.EqualTo("2300"), import.ToString());

            var output = Path.Combine(directory, "matches", "go-services.ndjson");
            var run = new TaskProcess("PortGetEntity").ToEmulator().Input("blueprint", "microservice")
                .Input("query", """{"combinator": "and", "rules": [{"property": "language", "operator": "=", "value": "go"}]}""")
                .Input("outputFile", output).Run();

            Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
            var lines = File.ReadAllLines(output);
            Assert.That(run.Outputs["count"], Is.EqualTo(lines.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(lines, Has.Length.EqualTo(2301), "2,300 imported and the seeded 'inventory'");
            Assert.That(lines.Select(l => (string?)JsonNode.Parse(l)!["identifier"]).Distinct().Count(), Is.EqualTo(2301), "each match once");
            Assert.That(run.Outputs["entitiesFile"], Is.EqualTo(output));
            Assert.That(run.Outputs["entities"].Length, Is.LessThanOrEqualTo(32_766));
            Assert.That(PackagedExtension.Emulator.Journal.ToJson().Count(r => ((string?)r!["path"])!.EndsWith("/entities/search")), Is.EqualTo(3), "1,000 a page");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
