namespace EndToEnd.Tests;

/// <summary>The README's run command, minus its build (the fixture already packaged the VSIX): each sample pipeline.</summary>
[NonParallelizable]
public class SamplePipelineTests
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
    public void DoraPipeline_RecordsTheDeployment_WithItsLeadTimeFromTheRepositorysCommits()
    {
        var output = Repository.Run("node", "scripts/run-pipeline.js", "examples/dora-metrics.yml", "--no-build");

        Assert.That(output, Does.Contain("$(deployment.identifier) = dora-metrics-1042-production"));
        Assert.That(output, Does.Contain("$(deployment.status) = success"));
        Assert.That(output, Does.Match(@"Lead time [0-9.]+ h: from the oldest of \d+ change"), "the stand-in serves this repository's commits as the build's changes");
        Assert.That(output, Does.Contain("##[section]Skipping: Record an incident when the deployment failed"));
        Assert.That(output, Does.Contain("Job result: Succeeded"));
    }

    [Test]
    public void WebhookTriggeredPipeline_ThatFails_ReportsItsFailedStepToThePortRun()
    {
        var output = Repository.Run(new Dictionary<string, string>(), 1, "node", "scripts/run-pipeline.js", "examples/port-webhook-trigger.yml", "--no-build");

        Assert.That(output, Does.Contain("Job result: Failed"));
        Assert.That(output, Does.Contain("Port action run r_demo_deploy: FAILURE (Failed: Run the tests)"));
        Assert.That(output, Does.Contain("log: Step 'Run the tests' failed: 3 tests failed in OrderServiceTests | Bash exited with code '1'."));
        Assert.That(output, Does.Contain("| - [Run the tests](http://127.0.0.1:"));
    }

    [Test]
    public void QueueTimePortRunId_IsTheRunIdOfEveryTask()
    {
        var output = Repository.Run(new Dictionary<string, string> { ["PORT_RUN_ID"] = "r_demo_scaffold" }, 0, "node", "scripts/run-pipeline.js", "examples/port-queue-time-run-id.yml", "--no-build");

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
}
