namespace EndToEnd.Tests;

public static class Secrets
{
    /// <summary>
    /// The client secret and every access token the emulator issued appear only inside their own setsecret command,
    /// which the agent consumes without printing; any other line would show them. The tokens come from the emulator,
    /// not from what the task registered, so a task that stopped registering them fails here.
    /// </summary>
    public static void AssertNoLeak(AgentRun run, string clientSecret)
    {
        var tokens = PackagedExtension.Emulator.Tokens.Issued;
        Assert.That(tokens, Is.Not.Empty, "the task asked the emulator for a token");
        foreach (var secret in tokens.Append(clientSecret))
        {
            Assert.That(run.LinesOtherThanSetSecret.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a line shows a secret:\n{run}");
        }

        Assert.That(run.RegisteredSecrets, Does.Contain(clientSecret), "the client secret is masked from the start");
        Assert.That(run.RegisteredSecrets.Intersect(tokens), Is.Not.Empty, "the access token the task used is masked the moment it exists");
    }
}
