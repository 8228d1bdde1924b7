namespace EndToEnd.Tests;

public static class Secrets
{
    /// <summary>
    /// The client secret and every access token appear only inside their own setsecret command, which the agent
    /// consumes without printing; any other line would show them.
    /// </summary>
    public static void AssertNoLeak(AgentRun run, string clientSecret)
    {
        Assert.That(run.RegisteredSecrets, Does.Contain(clientSecret), "the client secret is masked from the start");
        var tokens = run.RegisteredSecrets.Where(s => s.StartsWith("emu_", StringComparison.Ordinal)).ToList();
        foreach (var secret in tokens.Append(clientSecret))
        {
            Assert.That(run.LinesOtherThanSetSecret.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a line shows a secret:\n{run}");
        }
    }
}
