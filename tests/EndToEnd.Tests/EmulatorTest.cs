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
}
