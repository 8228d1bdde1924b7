using System.Runtime.InteropServices;

namespace Port.Tasks.Common;

/// <summary>Cancels on Ctrl-C/SIGINT and SIGTERM, which the agent (through the launcher) sends on cancel.</summary>
public sealed class TaskCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    private TaskCancellation()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel),
        ];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The signal that canceled, if one did: a CLI exits 128 + its number, as shells expect.</summary>
    public PosixSignal? Signal { get; private set; }

    public static TaskCancellation FromProcessSignals() => new();

    private void Cancel(PosixSignalContext context)
    {
        context.Cancel = true; // let the task report Canceled itself
        Signal ??= context.Signal;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
