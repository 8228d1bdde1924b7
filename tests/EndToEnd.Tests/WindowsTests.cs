using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>
/// The packaged tasks on a Windows agent, under Wine: Windows Node 20 runs each task's launcher, which picks the win-x64
/// build. Each task's main path, a failure, the secret check, and paths with spaces and non-ASCII characters.
/// </summary>
public class WindowsTests : EmulatorTest
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("port wine ü-").FullName; // a space and non-ASCII

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [OneTimeTearDown]
    public void StopWine() => Wine.Stop();

    /// <summary>
    /// Credentials from secret pipeline variables: Wine does not pass a variable whose name holds '-' to Windows
    /// programs, so a service connection (ENDPOINT_URL_&lt;guid&gt;) cannot reach a task under Wine. A real Windows
    /// agent passes them; the release pipeline runs the service-connection tests there.
    /// </summary>
    private static TaskProcess OnWindows(string task) => new TaskProcess(task).OnWindows()
        .Input("baseUrl", PackagedExtension.Emulator.BaseUrl).Variable("PORT_CLIENT_ID", "demo-client-id").SecretVariable("PORT_CLIENT_SECRET", "demo-client-secret");

    [Test]
    public void GetEntity_ReadsItsProperties_AndMasksEverySecret()
    {
        var run = OnWindows("PortGetEntity").Input("blueprint", "microservice").Input("identifier", "checkout").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["property_version"], Is.EqualTo("1.4.0"));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void UpsertEntity_OneEntity_KeepsANonAsciiTitle()
    {
        var ok = OnWindows("PortUpsertEntity").Input("blueprint", "microservice").Input("identifier", "zurich-svc").Input("title", "Zürich — Kasse ✓").Run();

        Assert.That(ok.Result, Is.EqualTo("Succeeded"), ok.ToString());
        Assert.That((string?)PackagedExtension.Emulator.State.EntitiesOf("microservice")["zurich-svc"]["title"], Is.EqualTo("Zürich — Kasse ✓"));
        Assert.That(JsonNode.Parse(ok.Outputs["entity"])!["title"]!.GetValue<string>(), Is.EqualTo("Zürich — Kasse ✓"));
    }

    [Test]
    public void UpsertEntity_ACsvFileInAFolderWithASpaceAndNonAscii_GoesThroughBulk()
    {
        var csv = Path.Combine(_directory, "services ü.csv");
        File.WriteAllLines(csv, new[] { "identifier,title,replicas:number" }.Concat(Enumerable.Range(1, 45).Select(i => $"win-{i},Dienst {i} ü,{i}")));

        var run = OnWindows("PortUpsertEntity").Input("blueprint", "microservice").Input("entitiesFile", Wine.WindowsPath(csv)).Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["upsertedCount"], Is.EqualTo("45"));
        Assert.That((string?)PackagedExtension.Emulator.State.EntitiesOf("microservice")["win-45"]["title"], Is.EqualTo("Dienst 45 ü"));
    }

    [Test]
    public void GetEntity_ASearchToAFileInAFolderWithASpace_WritesEveryMatch()
    {
        var output = Path.Combine(_directory, "out put", "matches.ndjson");

        var run = OnWindows("PortGetEntity").Input("blueprint", "microservice")
            .Input("query", """{"combinator": "and", "rules": [{"property": "$blueprint", "operator": "=", "value": "microservice"}]}""")
            .Input("outputFile", Wine.WindowsPath(output)).Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(File.ReadAllLines(output), Has.Length.EqualTo(int.Parse(run.Outputs["count"], System.Globalization.CultureInfo.InvariantCulture)).And.Length.Positive);
        Assert.That(Wine.UnixPath(run.Outputs["entitiesFile"]), Is.EqualTo(output));
    }

    [Test]
    public void ReportRun_EndsTheRunWithALink()
    {
        var run = OnWindows("PortReportRun").Input("runId", "r_demo_deploy").Input("status", "SUCCESS").Input("statusLabel", "Deployed from Windows").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That((string?)PackagedExtension.Emulator.State.Runs["r_demo_deploy"]["status"], Is.EqualTo("SUCCESS"));
        Assert.That((string?)PackagedExtension.Emulator.State.Runs["r_demo_deploy"]["statusLabel"], Is.EqualTo("Deployed from Windows"));
    }

    [Test]
    public void CreateRun_StartsAnAction()
    {
        var run = OnWindows("PortCreateRun").Input("action", "deploy_service").Input("entity", "checkout")
            .Input("properties", """{"environment": "staging"}""").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(PackagedExtension.Emulator.State.Runs, Does.ContainKey(run.Outputs["runId"]));
    }

    [Test]
    public void ReportDeployment_RecordsTheDeployment()
    {
        var run = OnWindows("PortReportDeployment").Input("environment", "production").Input("status", "success").Input("leadTimeHours", "1.5").Input("identifier", "win-deploy-1").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(PackagedExtension.Emulator.State.EntitiesOf("dora_deployment"), Does.ContainKey("win-deploy-1"));
    }

    [Test]
    public void DeleteEntity_DeletesIt()
    {
        var run = OnWindows("PortDeleteEntity").Input("blueprint", "microservice").Input("identifier", "inventory").Input("deleteDependents", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(PackagedExtension.Emulator.State.EntitiesOf("microservice"), Does.Not.ContainKey("inventory"));
    }

    [Test]
    public void AFailure_IsReportedAsOnLinux_WithTheInputToChange()
    {
        var run = OnWindows("PortGetEntity").Input("blueprint", "nope").Input("identifier", "checkout").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"));
        Assert.That(run.CompleteMessage, Does.StartWith("The input 'blueprint' is 'nope', but Port has no such blueprint"));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void TheLauncher_PicksWinX64_OnItsOwn()
    {
        // No PORT_TASK_RUNTIME: Windows Node's own platform and CPU choose the build; the launcher says which in debug.
        var run = OnWindows("PortGetEntity").Variable("System.Debug", "true").Input("blueprint", "microservice").Input("identifier", "checkout").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Lines, Has.Some.StartsWith("##vso[task.debug]Starting the win-x64 build: ").And.EndsWith("PortGetEntity.exe"));
    }

    [Test]
    public void TheLauncher_NamesWhatTheExtensionHolds_WhenThePlatformIsMissing()
    {
        var run = OnWindows("PortGetEntity").Variable("PORT_TASK_RUNTIME", "win-arm64").Input("blueprint", "microservice").Input("identifier", "checkout").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"));
        Assert.That(run.CompleteMessage, Does.StartWith("PortGetEntity has no build for this agent (win-arm64); this package holds:").And.Contain("win-x64"));
    }
}
