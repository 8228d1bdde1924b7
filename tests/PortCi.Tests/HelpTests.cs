using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Port.Ci;

namespace PortCi.Tests;

/// <summary>
/// port-ci's help is for any CI: task.json's Azure Pipelines words become ci-wording.json's (the words the CI
/// integrations show), and an input that acts in Azure Pipelines only says so first.
/// </summary>
public class HelpTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", ".."));

    [TestCaseSource(typeof(FlagTests), nameof(FlagTests.Tasks))]
    public void EveryFlagsHelp_HoldsInAnyCi_ButWhereItSaysAzurePipelinesOnly(string task)
    {
        var wording = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "src", "PortCi", "ci-wording.json")))!;
        var azurePatterns = wording["azurePatterns"]!.AsArray().Select(p => new Regex((string)p!, RegexOptions.IgnoreCase)).ToList();

        var azureWords = FlagHelps(task).Where(f => !f.Help.StartsWith("Azure Pipelines only", StringComparison.Ordinal))
            .Where(f => azurePatterns.Any(p => p.IsMatch(f.Head + " " + f.Help))).Select(f => $"{f.Head}: {f.Help}");

        Assert.That(azureWords, Is.Empty);
    }

    [Test]
    public void TheDeploymentType_HasNoAzureDefault_AndSaysPortCiNamesTheCi()
    {
        var flag = FlagHelps("PortReportDeployment").Single(f => f.Head.StartsWith("--deployment-type ", StringComparison.Ordinal));

        Assert.That(flag.Head, Does.Not.Contain("default"), "task.json's default names Azure Pipelines; port-ci names the CI it runs in");
        Assert.That(flag.Help, Does.Contain("the name of the CI port-ci runs in"));
    }

    [Test]
    public void TheClientId_IsExplainedAsPortCiTakesIt()
    {
        var flag = FlagHelps("PortGetEntity").Single(f => f.Head.StartsWith("--client-id ", StringComparison.Ordinal));

        Assert.That(flag.Help, Does.Contain("else the variable PORT_CLIENT_ID").And.Not.Contain("service connection"));
    }

    [Test]
    public void AnInputThatActsInAzurePipelinesOnly_SaysSoFirst()
    {
        var flag = FlagHelps("PortReportRun").Single(f => f.Head.StartsWith("--failure-details", StringComparison.Ordinal));

        Assert.That(flag.Help, Does.StartWith("Azure Pipelines only (elsewhere port-ci sets it to false)."));
    }

    /// <summary>Each flag of a command's help: its line ("--flag VALUE  (facts)") and the help line under it.</summary>
    private static List<(string Head, string Help)> FlagHelps(string task)
    {
        var command = CliCommand.All.Single(c => c.Task == task);
        var lines = Help.ForCommand(command, TaskManifest.Load(task)).Split('\n');
        return lines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("  --", StringComparison.Ordinal))
            .Select(l => (l.line.Trim(), lines[l.i + 1].Trim())).ToList();
    }
}
