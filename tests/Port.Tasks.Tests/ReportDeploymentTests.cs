using System.Net;
using System.Text.Json.Nodes;
using Moq;
using Port.AzureDevOps;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.ReportDeployment;

namespace Port.Tasks.Tests;

/// <summary>PortReportDeployment@1: defaults derived from the pipeline, and the lead time from this run's changes.</summary>
public class ReportDeploymentTests
{
    private static readonly AzureDevOpsJob Job = new(new Uri("https://dev.azure.com/fabrikam/"), "Fabrikam", "1042", "job", "me", new Secret("t"));
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static TestEnvironment InADeploymentJob() => TestEnvironment.WithCredentials()
        .Variable("Environment.Name", "production").Variable("Agent.JobStatus", "Succeeded")
        .Variable("Build.DefinitionName", "shop ci").Variable("Build.BuildId", "1042").Variable("Build.BuildNumber", "20261123.4");

    [Test]
    public void Defaults_ComeFromThePipeline()
    {
        var inputs = ReportDeploymentInputs.Parse(InADeploymentJob().Reader());

        Assert.That((inputs.Blueprint, inputs.Identifier, inputs.Title, inputs.Environment, inputs.Status, inputs.DeploymentType),
            Is.EqualTo(("dora_deployment", "shop-ci-1042-production", "shop ci 20261123.4 to production", "production", "success", "Azure Pipelines")));
        Assert.That((inputs.ComputeLeadTime, inputs.LeadTimeHours, inputs.RunId), Is.EqualTo((true, (double?)null, (string?)null)));
    }

    [TestCase("Succeeded", "success")]
    [TestCase("SucceededWithIssues", "success")]
    [TestCase("Failed", "failure")]
    [TestCase("Canceled", "failure")]
    public void AutoStatus_FollowsTheJob(string jobStatus, string expected) =>
        Assert.That(ReportDeploymentInputs.Parse(InADeploymentJob().Variable("Agent.JobStatus", jobStatus).Reader()).Status, Is.EqualTo(expected));

    [Test]
    public void AClassicRelease_GivesTheEnvironment_AndAnIdentifierFromTheRelease()
    {
        var release = TestEnvironment.WithCredentials().Variable("Agent.JobStatus", "Failed").Variable("System.HostType", "release")
            .Variable("Release.EnvironmentName", "Stage 2 (EU)").Variable("Release.DefinitionName", "shop").Variable("Release.ReleaseId", "118")
            .Variable("Release.ReleaseName", "Release-7").Variable("Build.BuildId", "1042");

        var inputs = ReportDeploymentInputs.Parse(release.Reader());

        Assert.That((inputs.Identifier, inputs.Title, inputs.Status), Is.EqualTo(("shop-118-Stage-2--EU", "shop Release-7 to Stage 2 (EU)", "failure")));
    }

    [TestCase("environment", "", "environment", "is required outside a deployment job")]
    [TestCase("leadTimeHours", "soon", "leadTimeHours", "use auto (from this run's changes) or a number of hours")]
    [TestCase("leadTimeHours", "-1", "leadTimeHours", "use auto")]
    [TestCase("blueprint", "dora deployment", "blueprint", "not a valid blueprint identifier")]
    [TestCase("relations", "[1]", "relations", "must be a JSON object")]
    public void BadInput_IsNamed(string name, string value, string expectedInput, string messagePart)
    {
        var environment = TestEnvironment.WithCredentials().Variable("Agent.JobStatus", "Succeeded").Input("environment", "production");
        environment.Input(name, value);

        var ex = Assert.Throws<TaskInputException>(() => ReportDeploymentInputs.Parse(environment.Reader()));

        Assert.That(ex!.Input, Is.EqualTo(expectedInput));
        Assert.That(ex.Message, Does.Contain(messagePart));
    }

    private static ReportDeploymentInputs Inputs(double? leadTime = null) =>
        new(new PortConnection("https://api.getport.io", "cid", new Secret("s"), "t", "t"), "dora_deployment", "shop-1042-production", "shop 1 to production",
            "production", "success", leadTime, "Azure Pipelines", new JsonObject { ["version"] = "1.2.3" }, new JsonObject { ["group"] = "all_teams" }, "r_1")
        { ComputeLeadTime = leadTime is null, Job = Job };

    private static (Mock<PortClient> Port, Func<JsonObject?> Sent) Port()
    {
        var port = new Mock<PortClient>(MockBehavior.Strict);
        JsonObject? sent = null;
        port.Setup(c => c.UpsertEntityAsync("dora_deployment", It.IsAny<JsonObject>(), It.Is<UpsertEntityOptions>(o => o.RunId == "r_1"), It.IsAny<CancellationToken>()))
            .Callback((string _, JsonObject e, UpsertEntityOptions? _, CancellationToken _) => sent = e).ReturnsAsync(new JsonObject());
        return (port, () => sent);
    }

    [Test]
    public async Task LeadTime_IsFromTheOldestChange_CutToTwoDecimals()
    {
        using var recorder = new RecordingAgent();
        var (port, sent) = Port();
        var devOps = new Mock<AzureDevOpsClient>();
        devOps.Setup(c => c.GetBuildChangesAsync("Fabrikam", "1042", It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new BuildChange("b13b8f7261ec", Now.AddHours(-2), "Fix"),
            new BuildChange("9b03b366e298", Now.AddHours(-17).AddMinutes(-20).AddSeconds(-59), "Add retry"),
            new BuildChange("no-time", null, "?"),
        ]);

        var outcome = await new ReportDeploymentCommand(Inputs(), port.Object, recorder.Agent, _ => devOps.Object, new FixedClock(Now)).ExecuteAsync(CancellationToken.None);

        var properties = sent()!["properties"]!;
        Assert.That((double?)properties["lead_time_hours"], Is.EqualTo(17.34));
        Assert.That((string?)properties["deployment_time"], Is.EqualTo("2026-11-23T10:00:00.000Z"));
        Assert.That((string?)properties["version"], Is.EqualTo("1.2.3"), "the author's properties are merged in");
        Assert.That((string?)sent()!["relations"]!["group"], Is.EqualTo("all_teams"));
        Assert.That(recorder.Output("leadTimeHours"), Is.EqualTo("17.34"));
        Assert.That(outcome.Message, Does.EndWith("lead time 17.34 h."));
        recorder.AssertOutputsDeclared("PortReportDeployment");
    }

    [TestCase(false, "lists no change for this run")]
    [TestCase(true, "could not be read from Azure DevOps")]
    public async Task NoChanges_OrNoAccess_LeavesTheLeadTimeOut_WithAWarning_NeverAGuess(bool refused, string warningPart)
    {
        using var recorder = new RecordingAgent();
        var (port, sent) = Port();
        var devOps = new Mock<AzureDevOpsClient>();
        var changes = devOps.Setup(c => c.GetBuildChangesAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()));
        if (refused)
        {
            changes.ThrowsAsync(new AzureDevOpsException(HttpStatusCode.Unauthorized, "Azure DevOps answered 401."));
        }
        else
        {
            changes.ReturnsAsync([]);
        }

        var outcome = await new ReportDeploymentCommand(Inputs(), port.Object, recorder.Agent, _ => devOps.Object, new FixedClock(Now)).ExecuteAsync(CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(TaskResult.Succeeded));
        Assert.That(sent()!["properties"]!.AsObject().ContainsKey("lead_time_hours"), Is.False);
        Assert.That(recorder.Lines, Has.Some.StartsWith("##vso[task.logissue type=warning]The lead time is left out").And.Contain(warningPart));
        Assert.That(recorder.Output("leadTimeHours"), Is.Empty);
    }

    [Test]
    public async Task AGivenLeadTime_IsSentAsGiven_WithoutReadingChanges()
    {
        using var recorder = new RecordingAgent();
        var (port, sent) = Port();

        await new ReportDeploymentCommand(Inputs(leadTime: 5.25), port.Object, recorder.Agent, _ => throw new AssertionException("no Azure DevOps call"), new FixedClock(Now)).ExecuteAsync(CancellationToken.None);

        Assert.That((double?)sent()!["properties"]!["lead_time_hours"], Is.EqualTo(5.25));
    }
}
