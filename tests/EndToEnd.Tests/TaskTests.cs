using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>The packaged tasks, run through their launchers as the agent runs them, against the emulator.</summary>
public class TaskTests : EmulatorTest
{
    [Test]
    public void Upsert_ThroughAServiceConnection_WritesPortAndSetsOutputs()
    {
        var run = new TaskProcess("PortUpsertEntity").ToEmulator()
            .Input("blueprint", "microservice").Input("identifier", "ledger").Input("title", "Ledger")
            .Input("properties", """{"version": "3.1.0", "replicas": 2, "tags": ["new"]}""").Input("relations", """{"team": "payments"}""")
            .Input("runId", "r_demo_deploy").Variable("System.Debug", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["identifier"], Is.EqualTo("ledger"));
        Assert.That((string?)JsonNode.Parse(run.Outputs["entity"])!["properties"]!["version"], Is.EqualTo("3.1.0"));
        var stored = PackagedExtension.Emulator.Entities.Get("microservice", "ledger");
        Assert.That((string?)stored["relations"]!["team"], Is.EqualTo("payments"));
        var write = PackagedExtension.Emulator.Journal.ToJson().Single(r => (string?)r!["path"] == "/v1/blueprints/microservice/entities")!;
        Assert.That((string?)write["query"], Is.EqualTo("?upsert=true&merge=true&run_id=r_demo_deploy"));
        Assert.That(run.Lines, Has.Some.StartsWith("##vso[task.debug]"), "System.Debug shows the requests");
        Assert.That(run.Lines, Has.Some.EqualTo("##[group]Upsert microservice/ledger (merge, run r_demo_deploy)"));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void Get_ReadsAnEntityIntoPropertyOutputs()
    {
        var run = new TaskProcess("PortGetEntity").Variable("PORT_CLIENT_ID", "demo-client-id").SecretVariable("PORT_CLIENT_SECRET", "demo-client-secret")
            .Input("baseUrl", PackagedExtension.Emulator.BaseUrl + "/v1").Input("blueprint", "microservice").Input("identifier", "checkout")
            .Variable("System.Debug", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["found"], Is.EqualTo("true"));
        Assert.That(run.Outputs["title"], Is.EqualTo("Checkout"));
        Assert.That(run.Outputs["property_version"], Is.EqualTo("1.4.0"));
        Assert.That(run.Outputs["property_replicas"], Is.EqualTo("3"));
        Assert.That(run.Outputs["property_tags"], Is.EqualTo("""["payments","tier-1"]"""));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void Get_Query_ListsEveryMatch()
    {
        var run = new TaskProcess("PortGetEntity").ToEmulator()
            .Input("query", """{"combinator": "and", "rules": [{"property": "$blueprint", "operator": "=", "value": "team"}]}""").Input("include", "identifier").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["count"], Is.EqualTo("3"));
        Assert.That(JsonNode.Parse(run.Outputs["entities"])!.AsArray().Select(e => (string?)e!["identifier"]), Is.EquivalentTo(new[] { "platform", "payments", "all_teams" }));
    }

    [Test]
    public void ReportRun_AutoAfterAFailedJob_EndsTheRunWithFailureAndLinksThisRun()
    {
        var run = new TaskProcess("PortReportRun").ToEmulator().Input("runId", "r_demo_rollback").Input("statusLabel", "Rollback failed")
            .Variable("Agent.JobStatus", "Failed").Variable("System.CollectionUri", "https://dev.azure.com/acme/")
            .Variable("System.TeamProject", "Web Shop").Variable("Build.BuildId", "501").Variable("Build.BuildNumber", "20261123.7").Variable("Build.DefinitionName", "rollback")
            .Variable("System.Debug", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["runStatus"], Is.EqualTo("FAILURE"));
        var portRun = PackagedExtension.Emulator.Runs.Get("r_demo_rollback");
        Assert.That((string?)portRun["status"], Is.EqualTo("FAILURE"));
        Assert.That((string?)portRun["statusLabel"], Is.EqualTo("Rollback failed"));
        Assert.That((string?)portRun["link"], Is.EqualTo("https://dev.azure.com/acme/Web%20Shop/_build/results?buildId=501"));
        var log = PackagedExtension.Emulator.Runs.ListLogs("r_demo_rollback", 50, 0).Single();
        Assert.That((string?)log["message"], Is.EqualTo("rollback 20261123.7 finished: FAILURE."));
        Secrets.AssertNoLeak(run, "demo-client-secret");
    }

    [Test]
    public void ReportRun_WithoutRunId_TakesTheQueueTimeVariablePortRunId()
    {
        var run = new TaskProcess("PortReportRun").ToEmulator().Variable("PORT_RUN_ID", "r_demo_deploy").Input("status", "SUCCESS").Input("statusLabel", "Deployed").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That((string?)PackagedExtension.Emulator.Runs.Get("r_demo_deploy")["status"], Is.EqualTo("SUCCESS"));
        Assert.That(run.Lines, Has.Some.EqualTo("##[group]Report Port action run r_demo_deploy: SUCCESS"));
    }

    [Test]
    public void Upsert_WithPortRunIdOfAnEndedRun_StillWrites_WithoutTheTie_AndWarns()
    {
        var run = new TaskProcess("PortUpsertEntity").ToEmulator().Variable("PORT_RUN_ID", "r_demo_done")
            .Input("blueprint", "microservice").Input("identifier", "ledger").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Lines, Has.Some.Contains("names the Port action run 'r_demo_done', which is SUCCESS"));
        var write = PackagedExtension.Emulator.Journal.ToJson().Single(r => (string?)r!["path"] == "/v1/blueprints/microservice/entities")!;
        Assert.That((string?)write["query"], Does.Not.Contain("run_id"));
    }

    [Test]
    public void Upsert_NdjsonFile_GoesThroughBulk()
    {
        var file = Path.Combine(Path.GetTempPath(), $"entities-{Guid.NewGuid():N}.ndjson");
        File.WriteAllLines(file, Enumerable.Range(1, 25).Select(i => $$$"""{"identifier": "svc-{{{i}}}", "properties": {"replicas": {{{i}}}}}"""));
        try
        {
            var run = new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", file).Run();

            Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
            Assert.That(run.Outputs["upsertedCount"], Is.EqualTo("25"));
            Assert.That(run.Outputs["failedCount"], Is.EqualTo("0"));
            Assert.That(JsonNode.Parse(run.Outputs["identifiers"])!.AsArray(), Has.Count.EqualTo(25));
            Assert.That(PackagedExtension.Emulator.Journal.ToJson().Count(r => ((string?)r!["path"])!.EndsWith("/bulk")), Is.EqualTo(2));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void RateLimitAndOutage_AreRetried_AndSaidInTheLog()
    {
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings
        {
            Next = [new() { Status = 429, RetryAfterSeconds = 1, PathContains = "/entities" }, new() { Status = 503, PathContains = "/entities" }],
        });

        var run = new TaskProcess("PortGetEntity").ToEmulator().Input("blueprint", "microservice").Input("identifier", "checkout").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Lines, Has.Some.Contains("Port answered 429").And.Contains("Retry-After asked for 1 s"));
        Assert.That(run.Lines, Has.Some.Contains("Port answered 503"));
    }
}
