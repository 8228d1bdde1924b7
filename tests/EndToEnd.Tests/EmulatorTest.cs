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
        PackagedExtension.Emulator.SetFaults(new Port.Emulator.FaultSettings());
    }

    /// <summary>The requests the emulator journaled whose path ends with <paramref name="pathEnd"/>, of <paramref name="method"/> if given.</summary>
    protected static List<JsonNode> Journaled(string pathEnd, string? method = null) => PackagedExtension.Emulator.Journal.ToJson()
        .Where(r => (method is null || (string?)r!["method"] == method) && ((string?)r!["path"])!.EndsWith(pathEnd, StringComparison.Ordinal))
        .Select(r => r!).ToList();
}
