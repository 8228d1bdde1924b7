using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.GetEntity;
using Port.Tasks.ReportRun;
using Port.Tasks.UpsertEntity;

namespace Port.Tasks.Tests;

/// <summary>task.json, the input parsers, the manifest, package.json and the README must agree.</summary>
public class ManifestTests
{
    private static readonly string Root = FindRoot();

    private static readonly Dictionary<string, string> Guids = new()
    {
        ["PortUpsertEntity"] = "d7a37dcd-9604-4b09-a800-73171c7272b0",
        ["PortGetEntity"] = "db56371a-4efd-4d03-9233-6a150229d553",
        ["PortReportRun"] = "a031c890-b7ff-4728-b12d-392a27fe1454",
    };

    public static IEnumerable<string> Tasks => Guids.Keys;

    private static JsonObject TaskJson(string task) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "tasks", task, "task.json")))!.AsObject();

    private static JsonObject RootJson(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, file)))!.AsObject();

    [TestCaseSource(nameof(Tasks))]
    public void Guid_NeverChanges(string task)
    {
        Assert.That((string?)TaskJson(task)["id"], Is.EqualTo(Guids[task]));
        Assert.That((string?)TaskJson(task)["name"], Is.EqualTo(task));
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
    public void Extension_ContributesEveryTaskFolder_AndThePortEndpoint()
    {
        var manifest = RootJson("vss-extension.json");
        var contributions = manifest["contributions"]!.AsArray();
        var taskFolders = contributions.Where(c => (string?)c!["type"] == "ms.vss-distributed-task.task").Select(c => (string)c!["properties"]!["name"]!).ToList();
        var files = manifest["files"]!.AsArray().Select(f => (string)f!["path"]!).ToList();
        var endpoint = contributions.Single(c => (string?)c!["type"] == "ms.vss-endpoint.service-endpoint-type")!["properties"]!;

        Assert.That(taskFolders, Is.EquivalentTo(Tasks.Select(t => $"tasks/{t}")));
        Assert.That(files, Is.SupersetOf(taskFolders));
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

    /// <summary>Runs the task's parser over a valid environment that records every input it asks for.</summary>
    private static HashSet<string> InputsReadBy(string task)
    {
        var values = task switch
        {
            "PortUpsertEntity" => new Dictionary<string, string> { ["INPUT_BLUEPRINT"] = "microservice", ["INPUT_IDENTIFIER"] = "x" },
            "PortGetEntity" => new Dictionary<string, string> { ["INPUT_BLUEPRINT"] = "microservice", ["INPUT_IDENTIFIER"] = "x" },
            _ => new Dictionary<string, string> { ["INPUT_RUNID"] = "r_1", ["INPUT_STATUS"] = "auto", ["AGENT_JOBSTATUS"] = "Succeeded" },
        };
        values["PORT_CLIENT_ID"] = "cid";
        values["SECRET_PORT_CLIENT_SECRET"] = "secret";
        var recorder = new RecordingEnvironment(values);
        var reader = new TaskInputReader(new TaskEnvironment(recorder));
        Action parse = task switch
        {
            "PortUpsertEntity" => () => UpsertEntityInputs.Parse(reader),
            "PortGetEntity" => () => GetEntityInputs.Parse(reader),
            _ => () => ReportRunInputs.Parse(reader),
        };
        parse();
        return recorder.InputsRead;
    }

    private static int Be32(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortAzureTasks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PortAzureTasks.sln not found above the test directory");
    }

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
