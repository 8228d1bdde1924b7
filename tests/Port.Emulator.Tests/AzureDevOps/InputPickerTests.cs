using System.Text.Json.Nodes;

namespace Port.Emulator.Tests.AzureDevOps;

/// <summary>The task editor's pickers (task.json dataSourceBindings over the Port connection's data sources), against the emulator.</summary>
public class InputPickerTests : EmulatorFixture
{
    /// <summary>Inputs that name something in the connection's Port organization, and the data source that lists it.</summary>
    private static readonly Dictionary<string, string> Pickers = new() { ["blueprint"] = "Blueprints", ["action"] = "Actions" };

    private TaskEditor _editor = null!;

    public static IEnumerable<TestCaseData> PickerInputs =>
        from task in TaskEditor.Tasks
        from input in TaskEditor.TaskJson(task)["inputs"]!.AsArray()
        where Pickers.ContainsKey((string)input!["name"]!)
        select new TestCaseData(task, (string)input!["name"]!);

    [OneTimeSetUp]
    public void RegisterExtension()
    {
        Emulator.EndpointProxy.AddExtension(TaskEditor.Extension);
        _editor = new TaskEditor(Http, Emulator.BaseUrl);
    }

    [Test]
    public void EveryTaskWithABlueprintOrActionInput_HasAPicker() =>
        Assert.That(PickerInputs.Select(c => $"{c.Arguments[0]}.{c.Arguments[1]}"), Is.EquivalentTo(new[]
        {
            "PortCreateRun.action", "PortDeleteEntity.blueprint", "PortGetEntity.blueprint", "PortReportDeployment.blueprint", "PortUpsertEntity.blueprint",
        }));

    [TestCaseSource(nameof(PickerInputs))]
    public void Picker_IsAnEditablePickListBoundToTheConnection(string task, string input)
    {
        var json = TaskEditor.TaskJson(task);
        var declared = json["inputs"]!.AsArray().Single(i => (string?)i!["name"] == input)!;
        var binding = json["dataSourceBindings"]!.AsArray().Single(b => (string?)b!["target"] == input)!;

        Assert.That((string?)declared["type"], Is.EqualTo("pickList"));
        Assert.That((string?)declared["properties"]?["EditableOptions"], Is.EqualTo("True"), "a variable or a typed identifier still works");
        Assert.That(declared["options"], Is.Null, "the values come from Port, none are fixed");
        Assert.That((string?)binding["endpointId"], Is.EqualTo("$(portConnection)"));
        Assert.That((string?)binding["dataSourceName"], Is.EqualTo(Pickers[input]));
    }

    [TestCaseSource(nameof(PickerInputs))]
    public async Task Picker_ListsTheOrganizationsItems_AsTitleAndIdentifier(string task, string input)
    {
        var (status, body) = await _editor.PickAsync(task, input, TaskEditor.Connection(Emulator.BaseUrl, "demo-client-id", "demo-client-secret"));

        Assert.That((status, (string?)body["statusCode"]), Is.EqualTo((200, "ok")), body.ToJsonString());
        var expected = (input == "blueprint" ? Emulator.State.Blueprints : Emulator.State.Actions).Values
            .Where(i => input == "blueprint" || (string?)i["trigger"]!["type"] == "self-service")
            .Select(i => ((string)i["identifier"]!, $"{i["title"]} ({i["identifier"]})"));
        Assert.That(TaskEditor.Items(body), Is.EqualTo(expected));
        Assert.That(TaskEditor.Items(body), Is.Not.Empty);
    }

    [Test]
    public async Task Picker_ConnectionUrlWithTrailingSlash_ListsTheSame()
    {
        var connection = TaskEditor.Connection(Emulator.BaseUrl, "demo-client-id", "demo-client-secret");
        var slashed = TaskEditor.Connection(Emulator.BaseUrl + "/", "demo-client-id", "demo-client-secret");

        var (_, plain) = await _editor.PickAsync("PortUpsertEntity", "blueprint", connection);
        var (_, withSlash) = await _editor.PickAsync("PortUpsertEntity", "blueprint", slashed);

        Assert.That(TaskEditor.Items(withSlash), Is.EqualTo(TaskEditor.Items(plain)).And.Not.Empty);
    }

    [Test]
    public async Task Picker_WrongSecret_FailsWithPortsMessage()
    {
        var (status, body) = await _editor.PickAsync("PortCreateRun", "action", TaskEditor.Connection(Emulator.BaseUrl, "demo-client-id", "wrong"));

        Assert.That(status, Is.EqualTo(400));
        Assert.That((string?)body["message"], Does.Contain("Invalid client ID or client secret"));
    }

    [Test]
    public async Task ActionPicker_LeavesOutAutomations_WhichNoPipelineCanRun()
    {
        Emulator.State.Actions["notify_on_deploy"] = JsonNode.Parse("""
            {"identifier": "notify_on_deploy", "title": "Notify on deploy", "trigger": {"type": "automation", "event": {"type": "ENTITY_CREATED", "blueprintIdentifier": "microservice"}}}
            """)!.AsObject();

        var (_, body) = await _editor.PickAsync("PortCreateRun", "action", TaskEditor.Connection(Emulator.BaseUrl, "demo-client-id", "demo-client-secret"));

        Assert.That(TaskEditor.Items(body).Select(i => i.Value), Does.Not.Contain("notify_on_deploy").And.Contain("deploy_service"));
    }

    [Test]
    public async Task Picker_ActionsList_LeavesOutTheEmulatorsPlaybook()
    {
        await LoginAsync();

        var (_, body) = await SendAsync(HttpMethod.Get, "/v1/actions");

        Assert.That(body["actions"]!.AsArray().Select(a => a!.AsObject()), Has.All.Not.ContainKey("emulator"));
        Assert.That((string?)body["actions"]![0]!["trigger"]!["type"], Is.EqualTo("self-service"));
    }
}
