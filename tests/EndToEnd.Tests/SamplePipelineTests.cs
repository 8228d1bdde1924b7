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
    public void DoraPipeline_RecordsTheDeployment()
    {
        var output = Repository.Run("node", "scripts/run-pipeline.js", "examples/dora-metrics.yml", "--no-build");

        Assert.That(output, Does.Contain("$(deployment.identifier) = checkout-1042"));
        Assert.That(output, Does.Contain("##[section]Skipping: Record an incident when the deployment failed"));
        Assert.That(output, Does.Contain("Job result: Succeeded"));
    }
}
