using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.Tests;

/// <summary>task.json, the input parsers, the manifest, package.json, the solution and the README must agree.</summary>
public class ManifestTests
{
    private static readonly string Root = Manifest.Root;

    /// <summary>The inputs the task.json of every task shares, written identically in each.</summary>
    private static readonly string[] ConnectionInputs = ["portConnection", "clientId", "clientSecret", "baseUrl"];

    public static IEnumerable<string> Tasks => Manifest.Tasks;

    private static JsonObject TaskJson(string task) => Manifest.TaskJson(task);

    private static JsonObject RootJson(string file) => Manifest.RootJson(file);

    /// <summary>
    /// The id each task shipped with: agents and pipelines know a task by it, so it never changes. Held here as well as
    /// in git history, because a shallow clone has no history to read it from. A new task adds its line.
    /// </summary>
    private static readonly Dictionary<string, string> ShippedIds = new()
    {
        ["PortCreateRun"] = "8e3c2f51-6b0a-4d7e-9c14-2a5f7b3d9e60",
        ["PortDeleteEntity"] = "1f6b9d3e-72a4-4c85-b0e9-5a3d8c2f7e16",
        ["PortGetEntity"] = "db56371a-4efd-4d03-9233-6a150229d553",
        ["PortReportDeployment"] = "c4f7a0d2-3e58-4b91-a6c0-7d2e9f1b5a34",
        ["PortReportRun"] = "a031c890-b7ff-4728-b12d-392a27fe1454",
        ["PortUpsertEntity"] = "d7a37dcd-9604-4b09-a800-73171c7272b0",
    };

    [TestCaseSource(nameof(Tasks))]
    public void Guid_AndName_NeverChange(string task)
    {
        var json = TaskJson(task);
        Assert.That((string?)json["name"], Is.EqualTo(task));
        Assert.That(Guid.TryParse((string?)json["id"], out _), Is.True, "id is a GUID");
        Assert.That(Tasks.Count(t => (string?)TaskJson(t)["id"] == (string?)json["id"]), Is.EqualTo(1), "ids are unique");
        Assert.That(ShippedIds, Does.ContainKey(task), $"a new task: add [\"{task}\"] = \"{json["id"]}\" to ShippedIds");
        Assert.That((string?)json["id"], Is.EqualTo(ShippedIds[task]), "a task's id never changes");

        // Where history holds the commit that added task.json, it agrees. A shallow clone's cut shows no parent, and
        // every file in it as added there: that commit proves nothing.
        var added = Git("log", "--diff-filter=A", "--format=%H %P", "--", $"tasks/{task}/task.json")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (added is [var commit, _, ..])
        {
            var first = JsonNode.Parse(Git("show", $"{commit}:tasks/{task}/task.json"))!;
            Assert.That((string?)first["id"], Is.EqualTo(ShippedIds[task]), "the id the task was first committed with");
        }
    }

    [Test]
    public void EveryListingAgrees_WithTheTaskFolders()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "PortAzureTasks.sln"));
        var executables = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => File.ReadAllText(p).Contains("TaskExecutable.props", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.That(Tasks, Is.Not.Empty);
        Assert.That(executables, Is.EquivalentTo(Tasks), "src/<Task>/<Task>.csproj (importing TaskExecutable.props) for each tasks/<Task>/");
        foreach (var task in Tasks)
        {
            Assert.That(solution, Does.Contain($"\"src\\{task}\\{task}.csproj\""), $"the solution holds src/{task}");
            Assert.That(File.Exists(Path.Combine(Root, "tasks", task, "icon.png")), Is.True, $"tasks/{task}/icon.png");
        }

        var manifest = RootJson("vss-extension.json");
        Assert.That(manifest["contributions"]!.AsArray().Where(c => (string?)c!["type"] == "ms.vss-distributed-task.task"), Is.Empty,
            "vss-extension.json lists no task: scripts/package.js adds every task folder (the packaged manifest is checked end to end)");
        Assert.That(manifest["files"]!.AsArray().Select(f => (string?)f!["path"]), Has.None.StartsWith("tasks/"));
    }

    [Test]
    public void ConnectionInputs_AreWrittenTheSameInEveryTask()
    {
        var reference = Tasks.First();
        foreach (var task in Tasks)
        {
            foreach (var name in ConnectionInputs)
            {
                Assert.That(Input(task, name)?.ToJsonString(), Is.EqualTo(Input(reference, name)!.ToJsonString()), $"{task}.{name} is the same as in {reference}");
            }

            var group = TaskJson(task)["groups"]!.AsArray().Single(g => (string?)g!["name"] == "connection")!;
            Assert.That(group.ToJsonString(), Is.EqualTo(TaskJson(reference)["groups"]!.AsArray().Single(g => (string?)g!["name"] == "connection")!.ToJsonString()));
        }

        static JsonNode? Input(string task, string name) => TaskJson(task)["inputs"]!.AsArray().SingleOrDefault(i => (string?)i!["name"] == name);
    }

    [TestCaseSource(nameof(Tasks))]
    public void SettableVariables_AreTheDeclaredOutputs(string task)
    {
        var allowed = Manifest.SettableVariables(task);

        Assert.That(allowed, Is.SupersetOf(Manifest.Outputs(task)), "restrictions.settableVariables lets the task set every output it declares");
        Assert.That(allowed.Except(Manifest.Outputs(task)), Has.All.EndWith("*"), "beyond the declared outputs, only families such as property_*");
        foreach (var output in Manifest.Outputs(task).Where(o => o.EndsWith("File", StringComparison.Ordinal)))
        {
            Assert.That(Manifest.Outputs(task), Does.Contain(output[..^4]), $"{output} is the file of a declared output");
        }
    }

    [TestCaseSource(nameof(Tasks))]
    public void Version_IsStampedFromPackageJson(string task)
    {
        var version = ((string)RootJson("package.json")["version"]!).Split('.').Select(int.Parse).ToArray();
        var taskVersion = TaskJson(task)["version"]!;

        Assert.That(new[] { (int)taskVersion["Major"]!, (int)taskVersion["Minor"]!, (int)taskVersion["Patch"]! }, Is.EqualTo(version));
        Assert.That((string?)RootJson("vss-extension.json")["version"], Is.EqualTo((string?)RootJson("package.json")["version"]));
    }

    [TestCaseSource(nameof(Tasks))]
    public void Inputs_AreExactlyWhatTheParserReads(string task)
    {
        var declared = TaskJson(task)["inputs"]!.AsArray().Select(i => (string)i!["name"]!).ToHashSet();

        var read = InputsReadBy(task);

        Assert.That(read, Is.EquivalentTo(declared));
    }

    [TestCaseSource(nameof(Tasks))]
    public void Conventions_AreKept(string task)
    {
        var json = TaskJson(task);
        var inputs = json["inputs"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var names = inputs.Select(i => (string)i["name"]!).ToHashSet();
        var groups = json["groups"]!.AsArray().Select(g => (string)g!["name"]!).ToHashSet();

        Assert.That(((string)json["friendlyName"]!).Length, Is.InRange(1, 40));
        Assert.That((string?)json["minimumAgentVersion"], Is.EqualTo("3.232.1"));
        Assert.That((string?)json["execution"]!["Node24"]!["target"], Is.EqualTo("launcher.js"));
        Assert.That((string?)json["execution"]!["Node20_1"]!["target"], Is.EqualTo("launcher.js"));
        foreach (Match macro in Regex.Matches((string)json["instanceNameFormat"]!, @"\$\((\w+)\)"))
        {
            Assert.That(names, Does.Contain(macro.Groups[1].Value), "instanceNameFormat uses a declared input");
        }

        foreach (var input in inputs)
        {
            Assert.That((string?)input["helpMarkDown"], Is.Not.Empty, $"{input["name"]} has help");
            Assert.That(groups, Does.Contain((string?)input["groupName"]), $"{input["name"]} is in a declared group");
            if ((string?)input["visibleRule"] is { } rule)
            {
                Assert.That(names, Does.Contain(rule.Split(' ')[0]), "visibleRule names a declared input");
            }
        }

        var icon = File.ReadAllBytes(Path.Combine(Root, "tasks", task, "icon.png"));
        Assert.That((Be32(icon, 16), Be32(icon, 20)), Is.EqualTo((32, 32)), "icon.png is 32×32");
    }

    [Test]
    public void Extension_DeclaresThePortEndpoint_AndEveryTaskUsesIt()
    {
        var manifest = RootJson("vss-extension.json");
        var endpoint = manifest["contributions"]!.AsArray().Single(c => (string?)c!["type"] == "ms.vss-endpoint.service-endpoint-type")!["properties"]!;

        Assert.That((string?)endpoint["name"], Is.EqualTo("port"));
        Assert.That((string?)endpoint["url"]!["value"], Is.EqualTo("https://api.getport.io"));
        var secret = endpoint["authenticationSchemes"]![0]!["inputDescriptors"]!.AsArray().Single(d => (string?)d!["id"] == "password")!;
        Assert.That((bool?)secret["isConfidential"], Is.True);
        foreach (var task in Tasks)
        {
            Assert.That((string?)TaskJson(task)["inputs"]!.AsArray().Single(i => (string?)i!["name"] == "portConnection")!["type"], Is.EqualTo("connectedService:port"));
        }

        var extensionIcon = File.ReadAllBytes(Path.Combine(Root, (string)manifest["icons"]!["default"]!));
        Assert.That((Be32(extensionIcon, 16), Be32(extensionIcon, 20)), Is.EqualTo((128, 128)));
    }

    [TestCaseSource(nameof(Tasks))]
    public void Readme_DocumentsEveryInputAndOutput(string task)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = readme[readme.IndexOf($"### {task}@1", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n### ", 5, StringComparison.Ordinal);
        section = next > 0 ? section[..next] : section;
        var json = TaskJson(task);

        foreach (var name in json["inputs"]!.AsArray().Select(i => (string)i!["name"]!).Concat(json["outputVariables"]!.AsArray().Select(o => (string)o!["name"]!)))
        {
            Assert.That(section, Does.Contain($"`{name}`"), $"README documents {task}.{name}");
        }
    }

    /// <summary>
    /// For each task, inputs its parser accepts (on top of credentials): the parser runs over them in a recording
    /// environment, which must see it ask for every input task.json declares, and no other.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> SampleInputs = new()
    {
        ["PortUpsertEntity"] = new() { ["INPUT_BLUEPRINT"] = "microservice", ["INPUT_IDENTIFIER"] = "x" },
        ["PortGetEntity"] = new() { ["INPUT_BLUEPRINT"] = "microservice", ["INPUT_IDENTIFIER"] = "x" },
        ["PortReportRun"] = new() { ["INPUT_RUNID"] = "r_1", ["INPUT_STATUS"] = "auto", ["AGENT_JOBSTATUS"] = "Succeeded" },
        ["PortCreateRun"] = new() { ["INPUT_ACTION"] = "deploy_service" },
        ["PortDeleteEntity"] = new() { ["INPUT_BLUEPRINT"] = "microservice", ["INPUT_IDENTIFIER"] = "x" },
        ["PortReportDeployment"] = new() { ["INPUT_ENVIRONMENT"] = "production", ["AGENT_JOBSTATUS"] = "Succeeded" },
    };

    /// <summary>Runs the task's parser (its ITaskInputs type, found in its assembly) over a valid environment that records every input asked for.</summary>
    private static HashSet<string> InputsReadBy(string task)
    {
        Assert.That(SampleInputs.ContainsKey(task), Is.True, $"give {task} sample inputs in ManifestTests.SampleInputs");
        var values = new Dictionary<string, string>(SampleInputs[task]) { ["PORT_CLIENT_ID"] = "cid", ["SECRET_PORT_CLIENT_SECRET"] = "secret" };
        var recorder = new RecordingEnvironment(values);
        var reader = new TaskInputReader(new TaskEnvironment(recorder), new AgentCommands(TextWriter.Null, debugEnabled: false));
        var inputsType = Assembly.Load(task).GetTypes()
            .Single(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITaskInputs<>)));
        var parse = typeof(ManifestTests).GetMethod(nameof(Parse), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(inputsType);
        parse.Invoke(null, [reader]);
        return recorder.InputsRead;
    }

    private static T Parse<T>(TaskInputReader reader)
        where T : ITaskInputs<T> => T.Parse(reader);

    private static string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
    }

    private static int Be32(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private sealed class RecordingEnvironment(Dictionary<string, string> values) : IEnvironment
    {
        public HashSet<string> InputsRead { get; } = [];

        private static readonly Dictionary<string, string> Names = Tasks
            .SelectMany(t => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "tasks", t, "task.json")))!["inputs"]!.AsArray())
            .Select(i => (string)i!["name"]!).Distinct().ToDictionary(n => "INPUT_" + n.ToUpperInvariant(), n => n);

        public string? Get(string name)
        {
            if (name.StartsWith("INPUT_", StringComparison.Ordinal))
            {
                InputsRead.Add(Names.TryGetValue(name, out var declared) ? declared : name);
            }

            return values.GetValueOrDefault(name);
        }
    }
}
