using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// scripts/ci-flags.js, the one declaration of how a task input becomes a CI-facing flag: it agrees with port-ci's own
/// flags, and what the orb, the GitLab components and the Bitbucket pipe show from it says nothing that holds only in
/// Azure Pipelines.
/// </summary>
public partial class CiFlagsTests : CliTest
{
    private static readonly string[] Commands = ["upsert-entity", "get-entity", "delete-entity", "report-run", "report-deployment", "create-run"];

    // port-ci's flags that no task input gives, and the Azure-only inputs the integrations leave out.
    private static readonly string[] OwnFlags = ["help", "debug", "client-secret-file", "client-secret-stdin", "name", "dotenv", "env-file", "since-commit"];
    private static readonly string[] AzureOnlyFlags = ["client-id", "failure-details", "succeeded-with-issues-as"];

    [TestCaseSource(nameof(Commands))]
    public void TheDeclaration_IsPortCisFlags_ButTheAzureOnlyOnes_WithTheDefaultsPortCiAppliesOutsideAzure(string command)
    {
        var help = CliArchive.Run(new(), command, "--help").Stdout;
        var portCi = CircleCiOrbTests.FlagLine().Matches(help).ToDictionary(m => m.Groups["flag"].Value, m => m);
        var declared = CiFlags.Of(command);

        Assert.That(declared.Select(f => (string)f!["name"]!), Is.EqualTo(portCi.Keys.Except(OwnFlags).Except(AzureOnlyFlags)), help);
        foreach (var flag in declared)
        {
            var name = (string)flag!["name"]!;
            var facts = portCi[name].Groups["facts"].Value;
            var portCiDefault = Regex.Match(facts, "default ([^,)]+)") is { Success: true } d ? d.Groups[1].Value : "";
            Assert.That((string?)flag["default"], Is.EqualTo(portCiDefault), $"{name}: the default port-ci applies outside Azure Pipelines");
            Assert.That((bool)flag["required"]!, Is.EqualTo(facts.Contains("required", StringComparison.Ordinal) && portCiDefault.Length == 0), name);
            Assert.That(flag["options"]?.AsArray().Select(o => (string?)o) ?? [], Is.EqualTo(portCi[name].Groups["options"].Value is { Length: > 0 } o ? o.Split('|') : []), name);
        }
    }

    [Test]
    public void NoFlagsHelp_SaysWhatHoldsOnlyInAzurePipelines()
    {
        var azure = CiFlags.All.SelectMany(c => c!["flags"]!.AsArray().Select(f => $"{c["command"]} --{f!["name"]}: {f["help"]}")).Where(s => AzureOnly().IsMatch(s));

        Assert.That(azure, Is.Empty);
    }

    [Test]
    public void TheOrbThePipeAndTheGitLabComponents_ShowNoAzureOnlyFlag_DefaultOrWording()
    {
        var shown = new List<string>();
        foreach (var (name, body) in CircleCiOrb.Orb["commands"]!.AsObject())
        {
            shown.AddRange((body!["parameters"]?.AsObject() ?? []).Select(p => $"orb {name}.{p.Key} (default {p.Value!["default"]}): {p.Value["description"]}"));
        }

        var pipe = CircleCiOrb.Json(Path.Combine(Repository.Root, "integrations", "bitbucket", "pipe.yml"));
        shown.AddRange(pipe["variables"]!.AsArray().Select(v => $"pipe.yml {v!["name"]} (default {v["default"]}): {v["description"]}"));
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "integrations", "gitlab", "README.md"));
        var components = readme[readme.IndexOf("<!-- components:", StringComparison.Ordinal)..readme.IndexOf("<!-- end of components -->", StringComparison.Ordinal)];
        shown.AddRange(components.Split('\n').Where(line => line.StartsWith('|')).Select(line => "GitLab README " + line));

        Assert.That(shown.Where(s => AzureOnly().IsMatch(s)), Is.Empty, "Azure Pipelines' variables or words");
        Assert.That(shown.Where(s => Regex.IsMatch(s, "failure[-_]details|succeeded[-_]with[-_]issues|port[-_]connection", RegexOptions.IgnoreCase)), Is.Empty, "an input that acts only in Azure Pipelines");
        Assert.That(shown.Where(s => s.Contains("(default Azure Pipelines)", StringComparison.Ordinal) || s.Contains("| `Azure Pipelines` |", StringComparison.Ordinal)), Is.Empty,
            "deployment type's default is port-ci's outside Azure: the CI's name");
    }

    /// <summary>What names Azure Pipelines' macros, variables, YAML or services.</summary>
    [GeneratedRegex(@"\$\(|\$\{\{|\bAgent\.|\bBuild\.|\bRelease\.|service connection|Azure DevOps|queue-time|SucceededWithIssues", RegexOptions.IgnoreCase)]
    private static partial Regex AzureOnly();
}

/// <summary>The flags scripts/ci-flags.js declares for each command, read once.</summary>
public static class CiFlags
{
    private static readonly Lazy<JsonArray> Declared = new(
        () => JsonNode.Parse(Repository.Capture("node", [Path.Combine(Repository.Root, "scripts", "ci-flags.js")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1)).Stdout)!.AsArray(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static JsonArray All => Declared.Value;

    public static JsonArray Of(string command) => All.Single(c => (string?)c!["command"] == command)!["flags"]!.AsArray();

    /// <summary>A flag's help as the orb and the pipe show it: Markdown links become their text, code spans lose their backticks.</summary>
    public static string Plain(string markdown) => Regex.Replace(markdown, @"\[([^\]]+)\]\([^)]+\)", "$1").Replace("`", "", StringComparison.Ordinal);
}
