using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// The packed orb as CircleCI and its orb review see it: valid against CircleCI's config schema, the review rules,
/// scripts that pass shellcheck, a parameter for every flag of port-ci with its default and help, and the orb's
/// README and pipeline valid too.
/// </summary>
public partial class CircleCiOrbTests : CliTest
{
    private static readonly string[] PortCiCommands = ["upsert-entity", "get-entity", "delete-entity", "report-run", "report-deployment", "create-run"];

    // port-ci's flags that are no parameter: the credentials are client_id and client_secret (variable names), the
    // export files are other CIs' (CircleCI's is $BASH_ENV), and two flags act only on an Azure Pipelines job's result.
    private static readonly string[] FlagsNotParameters = ["client-id", "client-secret-file", "client-secret-stdin", "dotenv", "env-file", "failure-details", "succeeded-with-issues-as"];

    [Test]
    public void ThePackedOrb_IsValid_AgainstCircleCisConfigSchema() =>
        Assert.That(CircleCiOrb.SchemaErrors(CircleCiOrb.Packed), Is.Empty);

    [Test]
    public void ThePackedOrb_IsWhatCircleCiOrbPackMakes_OfItsSource()
    {
        var orb = CircleCiOrb.Orb;

        Assert.That(((string?)orb["version"]?.ToString(), (string?)orb["display"]!["home_url"], (string?)orb["display"]!["source_url"]),
            Is.EqualTo(("2.1", "https://github.com/port-for-azure-pipelines/port-azure-pipelines", "https://github.com/port-for-azure-pipelines/port-azure-pipelines")));
        Assert.That(orb["commands"]!.AsObject().Select(c => c.Key), Is.EquivalentTo(PortCiCommands.Select(Snake).Append("install")));
        Assert.That(orb["executors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "default" }));
        Assert.That(orb["examples"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(Directory.GetFiles(Path.Combine(CircleCiOrb.Source, "src", "examples")).Select(Path.GetFileNameWithoutExtension)));
        var install = RunSteps(orb["commands"]!["install"]!).Single(r => (string?)r["name"] == "Install port-ci");
        Assert.That((string?)install["command"], Is.EqualTo(File.ReadAllText(Path.Combine(Repository.Root, "install.sh")).Replace("<<", "\\<<", StringComparison.Ordinal)),
            "the install command runs the repository's install.sh itself, its << escaped as circleci orb pack escapes them");
        Assert.That((string?)orb["commands"]!["install"]!["parameters"]!["version"]!["default"], Is.EqualTo(CliArchive.Version), "install's default version is the one this orb is packed with");
    }

    [Test]
    public void TheOrb_FollowsTheOrbReviewRules()
    {
        var orb = CircleCiOrb.Orb;
        var problems = new List<string>();
        foreach (var kind in new[] { "commands", "jobs", "executors" })
        {
            foreach (var (name, body) in orb[kind]?.AsObject() ?? [])
            {
                Check(name, SnakeCase().IsMatch(name), $"{kind} name is not snake_case");
                Check(name, !string.IsNullOrWhiteSpace((string?)body!["description"]), $"{kind} has no description");
                foreach (var (parameter, spec) in body!["parameters"]?.AsObject() ?? [])
                {
                    Check($"{name}.{parameter}", SnakeCase().IsMatch(parameter), "the parameter name is not snake_case");
                    Check($"{name}.{parameter}", !string.IsNullOrWhiteSpace((string?)spec!["description"]), "the parameter has no description");
                }

                foreach (var run in RunSteps(body))
                {
                    Check(name, !string.IsNullOrWhiteSpace((string?)run["name"]), $"a run step has no name: {run}");
                    var command = (string)run["command"]!;
                    Check(name, command.Length <= 64 || command.StartsWith("#!", StringComparison.Ordinal), $"a run step's long command is inline, not a script: {command}");
                }
            }
        }

        foreach (var command in orb["commands"]!.AsObject().Select(c => c.Key))
        {
            Check(command, orb["examples"]!.AsObject().Any(e => e.Value!["usage"]!.ToJsonString().Contains($"\"port/{command}\"", StringComparison.Ordinal)), "no example uses it");
        }

        foreach (var (name, example) in orb["examples"]!.AsObject())
        {
            Check(name, !string.IsNullOrWhiteSpace((string?)example!["description"]) && example["usage"] is JsonObject, "an example needs a description and a usage");
        }

        Assert.That(problems, Is.Empty);

        void Check(string what, bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add($"{what}: {problem}");
            }
        }
    }

    [Test]
    public void EveryExamplesUsage_IsAValidConfig()
    {
        var folder = Directory.CreateTempSubdirectory("orb-examples-").FullName;
        try
        {
            var files = CircleCiOrb.Orb["examples"]!.AsObject().Select(e =>
            {
                var file = Path.Combine(folder, e.Key + ".yml");
                File.WriteAllText(file, e.Value!["usage"]!.ToJsonString()); // JSON is YAML
                return file;
            }).ToArray();

            Assert.That(CircleCiOrb.SchemaErrors(files), Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void EveryRunStepsScript_PassesShellcheck()
    {
        if (FindOnPath("shellcheck") is not { } shellcheck)
        {
            CircleCiOrb.Unavailable("shellcheck is not installed (apt-get install shellcheck).");
            return;
        }

        // Each run step's command as CircleCI runs it (bash, \<< read as <<), the scripts included and the short ones.
        var folder = Directory.CreateTempSubdirectory("orb-scripts-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var (name, body) in CircleCiOrb.Orb["commands"]!.AsObject())
            {
                foreach (var run in RunSteps(body!).DistinctBy(r => (string?)r["command"]))
                {
                    var command = ((string)run["command"]!).Replace("\\<<", "<<", StringComparison.Ordinal);
                    var file = Path.Combine(folder, $"{name}-{files.Count}.sh");
                    File.WriteAllText(file, command.StartsWith("#!", StringComparison.Ordinal) ? command : "#!/usr/bin/env bash\n" + command);
                    files.Add(file);
                }
            }

            var (code, stdout, stderr) = Repository.Capture(shellcheck, files, new Dictionary<string, string>(), TimeSpan.FromMinutes(2));

            Assert.That(files, Has.Count.GreaterThanOrEqualTo(4));
            Assert.That(code, Is.Zero, stdout + stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// CircleCI's macOS executor runs steps with /bin/bash 3.2, which fails on bash 4's constructs: none is in a run
    /// step's script (no bash 3.2 here to run them with, so their text is checked).
    /// </summary>
    [Test]
    public void EveryRunStepsScript_UsesNoConstructNewerThanBash32()
    {
        string[][] newer =
        [
            [@"\[\[\s+-v\s", "[[ -v NAME ]] (bash 4.2)"],
            [@"\$\{[^}]*(\^\^?|,,?)\}", "${x^^} or ${x,,} (bash 4)"],
            [@"\b(declare|local|typeset)\s+-[a-zA-Z]*[An]", "declare -A or -n (bash 4)"],
            [@"\b(mapfile|readarray|coproc)\b", "mapfile, readarray or coproc (bash 4)"],
            [@";;&|;&|\|&|&>>", ";;&, ;&, |& or &>> (bash 4)"],
            [@"\$\{[^}]*@[QEPAaKk]\}", "${x@Q} (bash 4.4)"],
            [@"\bwait\s+-n\b", "wait -n (bash 4.3)"],
            [@"\$\{[A-Za-z_]+:[^}:]*:\s*-[0-9]", "${x:0:-1}, a negative length (bash 4.2)"],
        ];
        var problems = new List<string>();
        foreach (var (name, body) in CircleCiOrb.Orb["commands"]!.AsObject())
        {
            foreach (var run in RunSteps(body!).DistinctBy(r => (string?)r["command"]))
            {
                var lines = ((string)run["command"]!).Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = Regex.Replace(lines[i], @"^\s*#.*", "");
                    problems.AddRange(newer.Where(n => Regex.IsMatch(code, n[0])).Select(n => $"{name}, \"{run["name"]}\" line {i + 1}: {n[1]}: {lines[i].Trim()}"));
                }
            }
        }

        Assert.That(problems, Is.Empty);
    }

    [TestCaseSource(nameof(PortCiCommands))]
    public void EachCommand_HasAParameterPerFlag_WithTheFlagsDefaultAndHelp(string command)
    {
        var help = CliArchive.Run(new(), command, "--help").Stdout;
        var flags = FlagLine().Matches(help).ToDictionary(m => m.Groups["flag"].Value, m => m);
        var parameters = CircleCiOrb.Orb["commands"]![Snake(command)]!["parameters"]!.AsObject();
        var declared = CiFlags.Of(command);

        var expected = flags.Keys.Except(FlagsNotParameters).Select(f => f.Replace('-', '_'));
        Assert.That(parameters.Select(p => p.Key).Except(["client_id", "client_secret", "when"]), Is.EquivalentTo(expected), help);
        foreach (var (flag, line) in flags.Where(f => !FlagsNotParameters.Contains(f.Key)))
        {
            var parameter = parameters[flag.Replace('-', '_')]!;
            var facts = line.Groups["facts"].Value;
            var flagDefault = Regex.Match(facts, "default ([^,)]+)") is { Success: true } d ? d.Groups[1].Value : null;
            var (type, value) = ((string)parameter["type"]!, parameter["default"]?.ToString());
            var required = facts.Contains("required", StringComparison.Ordinal);
            if (flag == "deployment-type")
            {
                Assert.That(value, Is.Empty, "none, so that port-ci names the CI; the job test checks the deployment it records");
            }
            else if (type == "boolean")
            {
                Assert.That(value, Is.EqualTo(flagDefault ?? "false").IgnoreCase, flag);
            }
            else
            {
                Assert.That(value, Is.EqualTo(flagDefault ?? (required ? null : "")), $"{flag}: the flag's default, none for a required flag");
            }

            if (declared.SingleOrDefault(f => (string?)f!["name"] == flag) is { } declaration)
            {
                Assert.That((string?)parameter["description"], Does.StartWith(CiFlags.Plain((string)declaration["help"]!)), $"{flag}: its help in scripts/ci-flags.js");
            }

            if (line.Groups["options"].Value is { Length: > 0 } options)
            {
                Assert.That(parameter["enum"]!.AsArray().Select(o => (string?)o), Is.EqualTo(options.Split('|')), flag);
            }
        }
    }

    [Test]
    public void TheReadmesYamlBlocks_AreValidConfigs()
    {
        var readme = File.ReadAllText(Path.Combine(CircleCiOrb.Source, "README.md"));
        var blocks = YamlBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        var folder = Directory.CreateTempSubdirectory("orb-readme-").FullName;
        try
        {
            var files = blocks.Select((block, i) =>
            {
                var file = Path.Combine(folder, $"block-{i}.yml");
                File.WriteAllText(file, block);
                return file;
            }).ToArray();

            Assert.That(files, Is.Not.Empty);
            Assert.That(CircleCiOrb.SchemaErrors(files), Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void TheMainReadmesCircleCiBlocks_AreValidConfigs()
    {
        var folder = Directory.CreateTempSubdirectory("orb-main-readme-").FullName;
        try
        {
            Assert.That(CircleCiOrb.SchemaErrors(ReadmeBlocks.WriteFor("CircleCI", folder)), Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void TheOrbsOwnPipeline_IsAValidConfig() =>
        Assert.That(CircleCiOrb.SchemaErrors(Path.Combine(CircleCiOrb.Source, ".circleci", "config.yml")), Is.Empty);

    /// <summary>The run steps of a command, job or executor, inside when/unless steps too.</summary>
    private static IEnumerable<JsonObject> RunSteps(JsonNode body) => Steps(body["steps"]?.AsArray() ?? []);

    private static IEnumerable<JsonObject> Steps(JsonArray steps)
    {
        foreach (var step in steps.OfType<JsonObject>())
        {
            var (key, value) = step.First();
            if (key == "run")
            {
                yield return value is JsonObject run ? run : new JsonObject { ["command"] = value!.ToString() };
            }
            else if (key is "when" or "unless")
            {
                foreach (var inner in Steps(value!["steps"]!.AsArray()))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string Snake(string kebab) => kebab.Replace('-', '_');

    private static string? FindOnPath(string tool) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();

    /// <summary>A flag of port-ci's help: "  --flag VALUE|A|B  (required, default X)" and its help on the next line.</summary>
    [GeneratedRegex(@"^  --(?<flag>[a-z-]+)(?: (?:(?<options>[A-Za-z_]+(?:\|[A-Za-z_]+)+)|[A-Z]+))?(?:  \((?<facts>[^\n]*)\))?\n      (?<help>[^\n]*)", RegexOptions.Multiline)]
    internal static partial Regex FlagLine();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
