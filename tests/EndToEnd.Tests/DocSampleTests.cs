using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EndToEnd.Tests;

/// <summary>
/// Every ```yaml block of README.md and overview.md runs as written: the local runner runs it through the packaged
/// tasks against the emulator, every job succeeds, every task step in it runs, and the runner warns of nothing (such
/// as a $(variable) that nothing defines). A block that is not an Azure Pipelines sample says so (DocSamples).
/// </summary>
public partial class DocSampleTests : EmulatorTest
{
    public static IEnumerable<TestCaseData> SamplesToRun() =>
        DocSamples.All().Where(s => s.NotRunBecause is null).Select(s => new TestCaseData(s).SetArgDisplayNames(s.ToString()));

    [TestCaseSource(nameof(SamplesToRun))]
    public void Sample_RunsAsWritten(DocSamples.Sample sample)
    {
        var folder = Directory.CreateTempSubdirectory("port-doc-sample-");
        try
        {
            var file = Path.Combine(folder.FullName, $"{Path.GetFileNameWithoutExtension(sample.Doc).ToLowerInvariant()}-{sample.Line}.yml");
            File.WriteAllText(file, sample.Yaml);

            var output = Repository.Run("node", "scripts/run-pipeline.js", file, "--no-build", "--emulator", PackagedExtension.Emulator.BaseUrl);

            Assert.That(output, Does.Not.Contain("##[warning]").And.Not.Contain("##[error]"), output);
            var jobs = JobLine().Matches(sample.Yaml).Count;
            Assert.That(JobResult().Matches(output).Select(m => m.Groups[1].Value), Is.EqualTo(Enumerable.Repeat("Succeeded", Math.Max(1, jobs))), output);
            var tasksWritten = TaskLine().Matches(sample.Yaml).Select(m => FriendlyName(m.Groups[1].Value));
            Assert.That(TaskHeader().Matches(output).Select(m => m.Groups[1].Value), Is.EqualTo(tasksWritten), "each task step ran, in order");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void EveryDoc_HasSamplesThatRun_AndEveryBlockNotRunSaysWhy()
    {
        var samples = DocSamples.All().ToList();

        foreach (var doc in DocSamples.Docs)
        {
            Assert.That(samples.Where(s => s.Doc == doc && s.NotRunBecause is null), Is.Not.Empty, $"{doc} has YAML samples that run");
        }

        Assert.That(samples.Where(s => s.NotRunBecause is not null).Select(s => s.NotRunBecause!.Length), Has.All.GreaterThan(10), "a block not run says why");
    }

    private static string FriendlyName(string task) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tasks", task, "task.json")))!["friendlyName"]!;

    [GeneratedRegex(@"^\s*- job:", RegexOptions.Multiline)]
    private static partial Regex JobLine();

    [GeneratedRegex(@"^\s*-?\s*task:\s*(\w+)@\d+", RegexOptions.Multiline)]
    private static partial Regex TaskLine();

    [GeneratedRegex(@"^Job (?:\w+ )?result: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex JobResult();

    [GeneratedRegex(@"^Task         : (.+)$", RegexOptions.Multiline)]
    private static partial Regex TaskHeader();
}
