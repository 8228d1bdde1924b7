using System.Globalization;
using System.Text.RegularExpressions;

namespace EndToEnd.Tests;

/// <summary>
/// The README's run command, minus its build (the fixture already packaged the VSIX): each sample pipeline. The first
/// test lets the runner start its own emulator, as `npm run demo` does; the others point it at the shared emulator, so
/// they can check what Port received and stored.
/// </summary>
public class SamplePipelineTests : EmulatorTest
{
    [Test]
    public void BuildVersionPipeline_RunsThroughThePackagedLaunchers()
    {
        var output = Repository.Run("node", "scripts/run-pipeline.js", "examples/azure-pipelines.yml", "--no-build");

        Assert.That(output, Does.Contain("Using the local Port emulator at http://127.0.0.1:"));
        Assert.That(output, Does.Contain("Port says Checkout now runs version 20261123.1 on 3 replicas."), "a later step read the outputs");
        Assert.That(output, Does.Contain("Ended the run with SUCCESS"));
        Assert.That(output, Does.Contain("Job result: Succeeded"));
        Assert.That(output, Does.Not.Contain("demo-client-secret"));
    }

    [Test]
    public void BuildVersionPipeline_ReportsTheRunThatPortRunIdNames_ThroughItsPortContextParameter()
    {
        var output = RunSample("examples/azure-pipelines.yml", new() { ["PORT_RUN_ID"] = "r_demo_scaffold" });

        Assert.That(output, Does.Contain("Port action run r_demo_scaffold: SUCCESS"));
        var runs = PackagedExtension.Emulator.State.Runs;
        Assert.That((string?)runs["r_demo_scaffold"]["status"], Is.EqualTo("SUCCESS"));
        Assert.That((string?)runs["r_demo_deploy"]["status"], Is.EqualTo("IN_PROGRESS"), "the sample's default run is left alone");
        var upserts = Journaled("/blueprints/microservice/entities", "POST");
        Assert.That(upserts, Has.Count.EqualTo(1));
        Assert.That((string?)upserts[0]["query"], Does.Contain("run_id=r_demo_scaffold"), "the upsert is tied to the run too");
    }

    [Test]
    public void DoraPipeline_RecordsTheDeployment_WithItsLeadTimeFromTheRepositorysCommits()
    {
        var output = RunSample("examples/dora-metrics.yml");

        Assert.That(output, Does.Contain("$(deployment.identifier) = dora-metrics-1042-production"));
        Assert.That(output, Does.Contain("$(deployment.status) = success"));
        Assert.That(output, Does.Match(@"Lead time [0-9.]+ h: from the oldest of \d+ change"), "the stand-in serves this repository's commits as the build's changes");
        Assert.That(output, Does.Contain("##[section]Skipping: Record an incident when the deployment failed"));
        Assert.That(output, Does.Contain("Job result: Succeeded"));

        Assert.That(Journaled("/blueprints/dora_deployment/entities", "POST").Select(r => (int)r["status"]!), Is.EqualTo(new[] { 201 }));
        var deployment = PackagedExtension.Emulator.Entities.Get("dora_deployment", "dora-metrics-1042-production");
        var properties = deployment["properties"]!;
        Assert.That((string?)deployment["title"], Is.EqualTo("dora-metrics 20261123.1 to production"));
        Assert.That((string?)properties["status"], Is.EqualTo("success"));
        Assert.That((string?)properties["environment"], Is.EqualTo("production"));
        Assert.That((string?)properties["deployment_type"], Is.EqualTo("Azure Pipelines"));
        var printed = Regex.Match(output, @"\$\(deployment\.leadTimeHours\) = ([0-9.]+)").Groups[1].Value;
        Assert.That((double?)properties["lead_time_hours"], Is.EqualTo(double.Parse(printed, CultureInfo.InvariantCulture)));
        var deployedAt = DateTimeOffset.Parse((string)properties["deployment_time"]!, CultureInfo.InvariantCulture);
        Assert.That(deployedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        Assert.That((string?)deployment["relations"]!["group"], Is.EqualTo("all_teams"));
        Assert.That((string?)deployment["relations"]!["service"], Is.EqualTo("checkout"));
        Assert.That(PackagedExtension.Emulator.State.EntitiesOf("dora_incident"), Is.Empty, "the incident step was skipped");
    }

    [Test]
    public void WebhookTriggeredPipeline_ThatFails_ReportsItsFailedStepToThePortRun()
    {
        var output = RunSample("examples/port-webhook-trigger.yml", exitCode: 1);

        Assert.That(output, Does.Contain("Job result: Failed"));
        Assert.That(output, Does.Contain("Port action run r_demo_deploy: FAILURE (Failed: Run the tests)"));
        Assert.That(output, Does.Contain("log: Step 'Run the tests' failed: 3 tests failed in OrderServiceTests | Bash exited with code '1'."));
        Assert.That(output, Does.Contain("| - [Run the tests](http://127.0.0.1:"));
    }

    [Test]
    public void QueueTimePortRunId_IsTheRunIdOfEveryTask()
    {
        var output = RunSample("examples/port-queue-time-run-id.yml", new() { ["PORT_RUN_ID"] = "r_demo_scaffold" });

        Assert.That(output, Does.Contain("Report Port action run r_demo_scaffold: IN_PROGRESS"));
        Assert.That(output, Does.Contain("Port action run r_demo_scaffold: SUCCESS"));
        Assert.That(output, Does.Contain("Job result: Succeeded"));
    }

    [Test]
    public void TheRunner_RefusesASecondPipelineFile_InsteadOfRunningOnlyOne()
    {
        var output = Repository.Run(new Dictionary<string, string>(), 1, "node", "scripts/run-pipeline.js", "examples/dora-metrics.yml", "examples/azure-pipelines.yml", "--no-build");

        Assert.That(output, Does.Contain("one pipeline file at a time, got 2: examples/dora-metrics.yml, examples/azure-pipelines.yml"));
        Assert.That(output, Does.Not.Contain("##[section]Starting"));
    }

    [Test]
    public void TheStage_RefusesATaskNotInTasks_BeforeItBuildsAnything()
    {
        var output = Repository.Run(new Dictionary<string, string>(), 1, "node", "scripts/stage.js", "--tasks", "PortGetEntity,PortNope");

        Assert.That(output, Does.Contain("--tasks takes task names separated by commas, from PortCreateRun, PortDeleteEntity, PortGetEntity, PortReportDeployment, PortReportRun, PortUpsertEntity; got 'PortGetEntity,PortNope'."));
        Assert.That(output, Does.Not.Contain("publishing"));
    }

    /// <summary>Runs a sample against the shared emulator; fails the test unless the runner exits with <paramref name="exitCode"/>.</summary>
    private static string RunSample(string file, Dictionary<string, string>? environment = null, int exitCode = 0) =>
        Repository.Run(environment ?? [], exitCode, "node", "scripts/run-pipeline.js", file, "--no-build", "--emulator", PackagedExtension.Emulator.BaseUrl);
}
