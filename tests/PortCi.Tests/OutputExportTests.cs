using System.Diagnostics;
using Port.Ci;

namespace PortCi.Tests;

/// <summary>Outputs reach later steps in each CI's way; each test reads them back the way that CI's next step would.</summary>
public class OutputExportTests
{
    private string _directory = null!;

    /// <summary>A value that would run code if a later step evaluated it, with quotes and a line break.</summary>
    private const string Hostile = "it's \"$(touch pwned)\" `touch pwned` $HOME\nline two";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("port-ci-out-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static readonly Dictionary<string, string> Outputs = new() { ["identifier"] = "checkout", ["entitiesFile"] = "", ["property_version"] = Hostile };

    [TestCase("identifier", "IDENTIFIER")]
    [TestCase("entitiesFile", "ENTITIES_FILE")]
    [TestCase("property_version", "PROPERTY_VERSION")]
    [TestCase("property_build-id", "PROPERTY_BUILD_ID")]
    public void Names_AreUpperSnakeCase_WithThePrefix(string output, string name)
    {
        Assert.That(OutputExport.For(null, TextWriter.Null).Name(output), Is.EqualTo("PORT_" + name));
        Assert.That(OutputExport.For("read-service", TextWriter.Null).Name(output), Is.EqualTo("PORT_READ_SERVICE_" + name));
    }

    [Test]
    public void CircleCi_TheNextStepSourcesBashEnv_AndSeesEachValueAsItWas_RunningNothing()
    {
        var bashEnv = Path.Combine(_directory, "bash_env");
        File.WriteAllText(bashEnv, "export EARLIER=1\n");

        OutputExport.For("get", TextWriter.Null).ToBashEnv(bashEnv, Outputs);
        var seen = Bash($"source '{bashEnv}'; printf '%s|%s|%s' \"$PORT_GET_IDENTIFIER\" \"$EARLIER\" \"$PORT_GET_PROPERTY_VERSION\"");

        Assert.That(seen, Is.EqualTo($"checkout|1|{Hostile}"));
        Assert.That(File.Exists(Path.Combine(_directory, "pwned")), Is.False, "sourcing ran no part of a value");
    }

    [Test]
    public void GitHubActions_OutputFile_HoldsEveryValue_MultiLineIncluded()
    {
        var file = Path.Combine(_directory, "github_output");

        OutputExport.For(null, TextWriter.Null).ToGitHubOutput(file, Outputs);

        Assert.That(ParseGitHubOutput(File.ReadAllText(file)), Is.EqualTo(new Dictionary<string, string>
        {
            ["PORT_IDENTIFIER"] = "checkout", ["PORT_ENTITIES_FILE"] = "", ["PORT_PROPERTY_VERSION"] = Hostile,
        }));
    }

    [Test]
    public void Dotenv_OneLineValuesAsThemselves_AndAMultiLineOrLongValueInAFileItNames()
    {
        var dotenv = Path.Combine(_directory, "port.env");
        var outputs = new Dictionary<string, string>(Outputs) { ["entity"] = new string('e', OutputExport.DotenvMaxValue + 1) };

        OutputExport.For(null, TextWriter.Null).ToDotenv(dotenv, outputs);
        var lines = File.ReadAllLines(dotenv).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        Assert.That(lines["PORT_IDENTIFIER"], Is.EqualTo("checkout"));
        Assert.That(lines["PORT_PROPERTY_VERSION"], Is.Empty);
        Assert.That(File.ReadAllText(lines["PORT_PROPERTY_VERSION_VALUE_FILE"]), Is.EqualTo(Hostile));
        Assert.That(File.ReadAllText(lines["PORT_ENTITY_VALUE_FILE"]), Has.Length.EqualTo(OutputExport.DotenvMaxValue + 1));
        Assert.That(File.ReadAllLines(dotenv), Has.All.Length.LessThanOrEqualTo(OutputExport.DotenvMaxValue + 40), "no line GitLab would refuse");
    }

    [Test]
    public void EnvFile_SourcedByAShell_GivesEachValueBack_RunningNothing()
    {
        var envFile = Path.Combine(_directory, "port.env");
        var outputs = new Dictionary<string, string> { ["title"] = "Checkout $(touch pwned) `touch pwned` $HOME; touch pwned", ["owner"] = "Bob's team", ["notes"] = Hostile };

        OutputExport.For(null, TextWriter.Null).ToEnvFile(envFile, outputs);
        var seen = Bash($"set -a; . ./port.env; set +a; printf '%s|' \"$PORT_TITLE\" \"$(cat \"$PORT_OWNER_VALUE_FILE\")\" \"$(cat \"$PORT_NOTES_VALUE_FILE\")\"");

        Assert.That(seen, Is.EqualTo($"{outputs["title"]}|Bob's team|{Hostile}|"));
        Assert.That(File.Exists(Path.Combine(_directory, "pwned")), Is.False, "sourcing ran no part of a value");
        Assert.That(File.ReadAllLines(envFile), Has.All.Match("^[A-Z_]+='[^']*'$"), "every line is NAME='value' with no quote inside, as dotenv readers take it");
    }

    [Test]
    public void Dotenv_StaysWithinGitLabsLimits_CountingEarlierSteps_AndTheRestGoesToOneJsonFile()
    {
        var dotenv = Path.Combine(_directory, "port.env");
        File.WriteAllText(dotenv, "PORT_EARLIER=" + new string('e', 1_000) + "\n"); // a step before this one appended its own
        var outputs = Enumerable.Range(1, 60).ToDictionary(i => $"property_p{i:D2}", i => new string('v', 60));

        var overflow = OutputExport.For(null, TextWriter.Null).ToDotenv(dotenv, outputs);

        var lines = File.ReadAllLines(dotenv);
        Assert.That(File.ReadAllBytes(dotenv), Has.Length.LessThanOrEqualTo(OutputExport.DotenvMaxBytes), "GitLab takes the report");
        Assert.That(lines, Has.Length.LessThanOrEqualTo(OutputExport.DotenvMaxVariables));
        var inReport = lines.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var inFile = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(inReport["PORT_OUTPUTS_FILE"]))!;
        Assert.That(inFile.Keys, Is.EqualTo(outputs.Keys.Skip(outputs.Count - inFile.Count)), "the outputs that did not fit, in their order, under their own names");
        Assert.That(overflow, Is.EqualTo(inFile.Keys.Select(k => "PORT_" + OutputExport.UpperSnake(k))));
        Assert.That(inReport.Keys.Count(k => k.StartsWith("PORT_PROPERTY_", StringComparison.Ordinal)) + inFile.Count, Is.EqualTo(60), "every output is somewhere");
        Assert.That(inFile.Values, Has.All.EqualTo(new string('v', 60)));
    }

    [Test]
    [NonParallelizable]
    public void Dotenv_NamesItsValueFiles_RelativeToTheWorkingDirectory_WhereALaterJobFindsTheArtifacts()
    {
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _directory; // GitLab runs a job in the project's folder, which its artifacts are relative to
        try
        {
            OutputExport.For(null, TextWriter.Null).ToDotenv("port.env", new Dictionary<string, string> { ["notes"] = "two\nlines" });

            var file = File.ReadAllLines(Path.Combine(_directory, "port.env")).Single(l => l.StartsWith("PORT_NOTES_VALUE_FILE=", StringComparison.Ordinal)).Split('=', 2)[1];
            Assert.That(Path.IsPathRooted(file), Is.False, file);
            Assert.That(File.ReadAllText(Path.Combine(_directory, file)), Is.EqualTo("two\nlines"));
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    [Test]
    public void AzurePipelines_ScriptStep_SetsOutputVariables_Escaped()
    {
        using var stdout = new StringWriter();

        OutputExport.For(null, stdout).ToAzurePipelines(new Dictionary<string, string> { ["identifier"] = "a;b", ["property_notes"] = "50%\nmore" });

        Assert.That(stdout.ToString(), Is.EqualTo(
            "##vso[task.setvariable variable=PORT_IDENTIFIER;isOutput=true]a;b\n##vso[task.setvariable variable=PORT_PROPERTY_NOTES;isOutput=true]50%AZP25%0Amore\n"));
    }

    /// <summary>GitHub's runner reads NAME&lt;&lt;DELIMITER, the lines of the value, then DELIMITER.</summary>
    private static Dictionary<string, string> ParseGitHubOutput(string text)
    {
        var values = new Dictionary<string, string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length && lines[i].Length > 0; i++)
        {
            var (name, delimiter) = (lines[i].Split("<<")[0], lines[i].Split("<<")[1]);
            var value = new List<string>();
            while (lines[++i] != delimiter)
            {
                value.Add(lines[i]);
            }

            values[name] = string.Join('\n', value);
        }

        return values;
    }

    private string Bash(string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = _directory, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
