using Port.Ci;

namespace PortCi.Tests;

/// <summary>The flags come from the tasks' task.json: every input a flag, every flag an input, parsed as documented.</summary>
public class FlagTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", ".."));

    public static IEnumerable<string> Tasks => Directory.GetDirectories(Path.Combine(Root, "tasks"))
        .Where(d => File.Exists(Path.Combine(d, "task.json"))).Select(Path.GetFileName).Order().Select(t => t!);

    [TestCaseSource(nameof(Tasks))]
    public void EveryTaskIsACommand_AndEveryInputAFlag_AndEveryFlagAnInput(string task)
    {
        var command = CliCommand.All.SingleOrDefault(c => c.Task == task);
        Assert.That(command, Is.Not.Null, $"port-ci has a command for {task}");

        var manifest = TaskManifest.Load(task);
        var onDisk = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "tasks", task, "task.json")))!;
        var inputs = onDisk["inputs"]!.AsArray().Select(i => (string)i!["name"]!).ToList();
        var flags = CommandLine.FlagInputs(manifest).Select(i => i.Flag).ToList();

        Assert.That(manifest.Inputs.Select(i => i.Name), Is.EqualTo(inputs), "the embedded task.json is the one on disk");
        Assert.That(flags, Is.Unique);
        Assert.That(flags.Intersect(CommandLine.OwnFlags), Is.Empty, "no task input takes one of port-ci's own flags");
        Assert.That(inputs.Except(CommandLine.NotFlags).Select(i => "--" + TaskInput.Kebab(i)), Is.EqualTo(flags));
        foreach (var input in CommandLine.FlagInputs(manifest))
        {
            var line = CommandLine.Parse(command!.Name, manifest, [input.Flag + (input.IsBoolean ? "=true" : "=x")]);
            Assert.That(line.Inputs.Keys.Single(), Is.EqualTo(input.Name), $"{input.Flag} sets the input {input.Name}");
        }
    }

    [TestCase("entitiesFile", "--entities-file")]
    [TestCase("failIfNotFound", "--fail-if-not-found")]
    [TestCase("runId", "--run-id")]
    [TestCase("baseUrl", "--base-url")]
    public void Flag_IsTheInputInKebabCase(string input, string flag) =>
        Assert.That(new TaskInput(input, "string", null, false, "", []).Flag, Is.EqualTo(flag));

    [Test]
    public void Values_BareBooleans_AndEqualsSigns()
    {
        var line = CommandLine.Parse("delete-entity", TaskManifest.Load("PortDeleteEntity"),
            ["--blueprint", "microservice", "--dry-run", "--fail-if-not-found", "false", "--identifiers=a,b", "--delete-dependents", "--debug"]);

        Assert.That(line.Inputs, Is.EqualTo(new Dictionary<string, string>
        {
            ["blueprint"] = "microservice", ["dryRun"] = "true", ["failIfNotFound"] = "false", ["identifiers"] = "a,b", ["deleteDependents"] = "true",
        }));
        Assert.That(line.Debug, Is.True);
    }

    [TestCase(new[] { "--blueprnt", "x" }, "unknown flag --blueprnt. Its flags: --base-url, --blueprint,")]
    [TestCase(new[] { "--client-secret", "s3cret" }, "unknown flag --client-secret. The client secret is never an argument")]
    [TestCase(new[] { "--blueprint" }, "the flag --blueprint needs a value")]
    [TestCase(new[] { "--blueprint", "a", "--blueprint", "b" }, "the flag --blueprint is given twice")]
    [TestCase(new[] { "microservice" }, "'microservice' is not a flag")]
    [TestCase(new[] { "--fail-if-not-found=maybe" }, "the flag --fail-if-not-found is 'maybe'; use true or false")]
    public void BadCommandLine_IsOneErrorNamingTheFlag(string[] args, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => CommandLine.Parse("get-entity", TaskManifest.Load("PortGetEntity"), args));

        Assert.That(ex!.Message, Does.StartWith("port-ci get-entity: ").And.Contain(expected));
        Assert.That(ex.Message, Does.Not.Contain("s3cret"));
    }

    [Test]
    public void Messages_NameFlags_NotInputs()
    {
        var wording = new FlagWording(TaskManifest.Load("PortUpsertEntity"));

        Assert.That(wording.Say("The input 'entitiesFile' names 'x.csv', whose line 3 is not JSON."), Is.EqualTo("The flag --entities-file names 'x.csv', whose line 3 is not JSON."));
        Assert.That(wording.Say("Create them (input 'createMissingRelatedEntities')."), Is.EqualTo("Create them (the flag --create-missing-related-entities)."));
        Assert.That(wording.Say("Set 'failOnEntityError' off."), Is.EqualTo("Set --fail-on-entity-error off."));
        Assert.That(wording.Say("The input 'nonsense' is unknown; set System.Debug to true for details"), Is.EqualTo("The input 'nonsense' is unknown; add --debug for details"));
    }
}
