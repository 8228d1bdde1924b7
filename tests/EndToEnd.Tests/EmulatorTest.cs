using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>Tests against the shared emulator, one at a time, each from the emulator's seed with no faults.</summary>
[NonParallelizable]
public abstract class EmulatorTest
{
    [SetUp]
    public void ResetPort()
    {
        PackagedExtension.Emulator.Reset();
        PackagedExtension.Emulator.Journal.Clear();
        PackagedExtension.Emulator.Tokens.ForgetAll(); // so a test's leak check sees the tokens of its own runs
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings());
    }

    /// <summary>The requests the emulator journaled whose path ends with <paramref name="pathEnd"/>, of <paramref name="method"/> if given.</summary>
    protected static List<JsonNode> Journaled(string pathEnd, string? method = null) => PackagedExtension.Emulator.Journal.ToJson()
        .Where(r => IsRequestTo(r!, pathEnd, method)).Select(r => r!).ToList();

    /// <summary>Whether a journal entry is a request to a path ending with <paramref name="pathEnd"/>, of <paramref name="method"/> if given.</summary>
    protected static bool IsRequestTo(JsonNode entry, string pathEnd, string? method = null) =>
        (method is null || (string?)entry["method"] == method) && ((string?)entry["path"])!.EndsWith(pathEnd, StringComparison.Ordinal);

    /// <summary>
    /// Waits until the emulator has answered <paramref name="count"/> requests to <paramref name="pathEnd"/>: a point in
    /// a task's run that does not depend on how fast this machine is. Fails the test after two minutes.
    /// </summary>
    protected static void WaitForAnswers(string pathEnd, int count)
    {
        var reached = PackagedExtension.Emulator.Journal.WhenAsync(entry => IsRequestTo(entry, pathEnd), count);
        Assert.That(reached.Wait(TimeSpan.FromMinutes(2)), Is.True, $"the emulator answered {count} request(s) to {pathEnd}");
    }

    /// <summary>The most requests to <paramref name="pathEnd"/> the emulator was serving at once, from the journal's times.</summary>
    protected static int MostInFlight(string pathEnd)
    {
        var events = Journaled(pathEnd)
            .SelectMany(r => new[] { ((double)r["receivedMs"]!, 1), ((double)r["answeredMs"]!, -1) })
            .OrderBy(e => e.Item1).ThenBy(e => e.Item2); // an answer and an arrival at the same instant do not overlap
        var now = 0;
        var most = 0;
        foreach (var (_, step) in events)
        {
            now += step;
            most = Math.Max(most, now);
        }

        return most;
    }
}
