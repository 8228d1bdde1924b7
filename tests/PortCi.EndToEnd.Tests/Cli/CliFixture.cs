using System.Text.Json.Nodes;
using Port.Emulator;

namespace EndToEnd.Cli;

/// <summary>
/// Once for the CLI's tests: a Port emulator of their own (they need no VSIX: EndToEnd.Tests packages one).
/// The archive itself is built on first use (<see cref="CliArchive"/>).
/// </summary>
[SetUpFixture]
public sealed class CliFixture
{
    public static PortEmulator Emulator { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start() => Emulator = await PortEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        CliArchive.DeleteUnpacked();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}

/// <summary>A CLI test against the emulator, one at a time, each from the emulator's seed with no faults.</summary>
[NonParallelizable]
public abstract class CliTest
{
    protected static PortEmulator Emulator => CliFixture.Emulator;

    [SetUp]
    public void ResetPort()
    {
        Emulator.Reset();
        Emulator.Journal.Clear();
        Emulator.Tokens.ForgetAll(); // so a test's leak check sees the tokens of its own runs
        Emulator.SetFaults(new FaultSettings());
    }

    /// <summary>Whether a journal entry is a request to a path ending with <paramref name="pathEnd"/>.</summary>
    protected static bool IsRequestTo(JsonNode entry, string pathEnd) => ((string?)entry["path"])!.EndsWith(pathEnd, StringComparison.Ordinal);
}
