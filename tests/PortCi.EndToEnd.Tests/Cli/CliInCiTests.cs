namespace EndToEnd.Cli;

/// <summary>
/// Every command of port-ci from its release archive, in a job of each CI as that CI's runner would run it, against
/// the emulator: outputs reach later steps where the CI carries them, no secret shows, bad input exits 2.
/// </summary>
[Platform(Exclude = "Win", Reason = "the simulated jobs run bash steps, as these CIs' Linux runners do")]
public class CliInCiTests : CliTest
{
    private static readonly string[] Cis = SimulatedCis.Names;

    [TestCaseSource(nameof(Cis))]
    public void EveryCommand_RunsFromTheArchive_AndALaterStepSeesItsOutputs(string name)
    {
        using var ci = SimulatedCis.Create(name, Emulator.BaseUrl);
        var x = ci.ExportFlags;
        var service = $"cli-{name}";

        ci.RunJob(
            new("upsert", $$"""port-ci upsert-entity --blueprint microservice --identifier {{service}} --title 'Service of {{name}}' --properties '{"version": "2.0.0"}' {{x}}"""),
            new("get", $"port-ci get-entity --blueprint microservice --identifier {service} {x}"),
            new("use", $"echo \"seen: {ci.Read("get", "property_version")} of {ci.Read("get", "title")}\""),
            new("start", $$"""port-ci create-run --action rotate_secrets --entity {{service}} {{x}}"""),
            new("report", $"port-ci report-run --run-id \"{ci.Read("start", "runId", "PORT_CREATED_")}\" --status SUCCESS --summary 'Rotated from {name}' {x}"),
            new("deploy", $"port-ci report-deployment --identifier deploy-{name} --environment production --status success --lead-time-hours 1.5 {x}"),
            new("delete", $"port-ci delete-entity --blueprint microservice --identifier {service} {x}"));

        Assert.That(ci.Runs.Select(r => (r.Id, r.ExitCode)), Is.EqualTo(new[] { "upsert", "get", "use", "start", "report", "deploy", "delete" }.Select(id => (id, 0))), ci.ToString());
        Assert.That(ci.Runs.Single(r => r.Id == "use").Stdout, Does.Contain($"seen: 2.0.0 of Service of {name}"), "a later step read get-entity's outputs where this CI carries them");
        var state = Emulator.State;
        Assert.That(state.EntitiesOf("microservice").ContainsKey(service), Is.False, "deleted");
        var runId = (string)ci.Runs.Single(r => r.Id == "start").Outputs["runId"]!;
        var run = state.Runs[runId];
        Assert.That(((string?)run["status"], (string?)run["summary"]), Is.EqualTo(("SUCCESS", $"Rotated from {name}")), "report-run ended the run create-run started, its id carried between steps");
        var deployment = state.EntitiesOf("dora_deployment")[$"deploy-{name}"];
        Assert.That(((string?)deployment["properties"]!["environment"], (double?)deployment["properties"]!["lead_time_hours"]), Is.EqualTo(("production", 1.5)));
        AssertNoSecretShows(ci);
    }

    [TestCaseSource(nameof(Cis))]
    public void BadInput_Exits2_NamingTheFlag_WithItsLineAndColumn_BeforeAnythingIsSent(string name)
    {
        using var ci = SimulatedCis.Create(name, Emulator.BaseUrl);

        var run = ci.Run(new("upsert", $$"""port-ci upsert-entity --blueprint microservice --identifier checkout --properties '{"version": 2.0.0}' {{ci.ExportFlags}}"""));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout + run.Stderr, Does.Contain("--properties").And.Contain("line 1"), run.ToString());
        Assert.That(Emulator.Journal.ToJson(), Is.Empty, "nothing was sent");
    }

    [Test]
    public void Sigint_DuringABulkImport_Exits130_SayingExactlyWhatWasWritten_AndUpToHowManyMore()
    {
        using var ci = SimulatedCis.Create("plain", Emulator.BaseUrl);
        var prefix = $"sigint-{Guid.NewGuid():N}"[..15] + "-";
        File.WriteAllLines(Path.Combine(ci.Workspace, "entities.ndjson"), Enumerable.Range(1, 2000).Select(i => $$$"""{"identifier": "{{{prefix}}}{{{i}}}"}"""));
        // 100 requests, 8 at a time: about 5 s; one of them Port holds for a minute, unanswered at the signal and after the grace.
        Emulator.SetFaults(new Port.Emulator.FaultSettings { LatencyMs = 400, Next = [new() { Status = 200, DelayMs = 60_000, PathContains = "/entities/bulk" }] });
        // A CI cancels a job by signalling its processes; exec makes port-ci the step's process, as a runner sees it.
        Emulator.Journal.When(entry => IsRequestTo(entry, "/entities/bulk"), 16, () => ci.Interrupt());

        var run = ci.Run(new("import", "exec port-ci upsert-entity --blueprint microservice --entities-file entities.ndjson --env-file port.env"));

        Assert.That(run.ExitCode, Is.EqualTo(130), run.ToString());
        var written = int.Parse((string)run.Outputs["upsertedCount"]!, System.Globalization.CultureInfo.InvariantCulture);
        var upTo = int.Parse((string)run.Outputs["unconfirmedCount"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(written, Is.InRange(1, 1979), run.ToString());
        Assert.That(upTo, Is.GreaterThanOrEqualTo(20), "the held request was never answered");
        Assert.That(run.Stderr, Does.Contain($"{written:N0} of 2,000 entities were written into 'microservice' before it stopped (0 rejected), and up to {upTo:N0} more may have been written"), run.ToString());
        // The requests in flight at the signal had their grace: what they wrote is counted, and only the unanswered are in doubt.
        var held = Emulator.State.EntitiesOf("microservice").Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));
        Assert.That(held, Is.InRange(written, written + upTo), "Port holds what port-ci said it wrote, and at most as many more as it said it may have written");
        Assert.That(File.ReadAllText(Path.Combine(ci.Workspace, "port.env")), Does.Contain($"PORT_UPSERTED_COUNT='{written}'").And.Contain($"PORT_UNCONFIRMED_COUNT='{upTo}'"), "the outputs of the part written still reach later steps");
    }

    /// <summary>
    /// The client secret and every token the emulator issued appear nowhere: not in a line of any step (but the CI's own
    /// mask commands, which it consumes), not in an output file. Where the CI has a masker, both were registered with it.
    /// </summary>
    internal static void AssertNoSecretShows(SimulatedCi ci)
    {
        var tokens = Emulator.Tokens.Issued;
        Assert.That(tokens, Is.Not.Empty, "port-ci asked the emulator for tokens");
        var lines = ci.Runs.SelectMany(r => (r.Stdout + "\n" + r.Stderr).Split('\n')).Where(l => !ci.IsMaskCommand(l)).ToList();
        foreach (var secret in tokens.Append(SimulatedCi.ClientSecret))
        {
            Assert.That(lines.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a line shows a secret:\n{ci}");
            Assert.That(ci.WrittenFiles.Where(f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal)), Is.Empty, "an output file holds a secret");
        }

        if (ci is GitHubActions or AzurePipelines)
        {
            Assert.That(ci.Masked, Does.Contain(SimulatedCi.ClientSecret), "the client secret is masked");
            Assert.That(tokens.All(ci.Masked.Contains), Is.True, "every access token is masked the moment it exists");
        }
    }
}
