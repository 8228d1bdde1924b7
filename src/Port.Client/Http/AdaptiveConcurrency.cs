namespace Port.Client.Http;

/// <summary>
/// How many requests may be in flight at once, adapting as Port answers (additive increase, multiplicative decrease,
/// as TCP does): each request Port accepts widens the limit by 1/limit, up to the maximum; a 429 halves it, down to one.
/// Requests already in flight when the limit was halved do not halve it again, so one burst of 429s is one cut.
/// </summary>
internal sealed class AdaptiveConcurrency(int maximum)
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource<Slot>> _waiting = new();
    private double _limit = Math.Max(1, maximum);
    private int _inFlight;
    private int _cuts;

    /// <summary>The current limit, whole.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return (int)_limit;
            }
        }
    }

    /// <summary>Waits for room under the limit; dispose the slot (through <see cref="Leave"/>) when the request is done.</summary>
    public Task<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_inFlight < (int)_limit && _waiting.Count == 0)
            {
                _inFlight++;
                return Task.FromResult(new Slot(_cuts));
            }

            var waiter = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
            cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            return waiter.Task;
        }
    }

    /// <summary>Port pushed back (429) on a request sent in <paramref name="slot"/>: halve the limit, once per burst.</summary>
    /// <returns>True when this call lowered the limit.</returns>
    public bool Throttled(Slot slot)
    {
        lock (_gate)
        {
            if (slot.CutsAtEntry != _cuts || _limit <= 1)
            {
                return false;
            }

            _limit = Math.Max(1, Math.Floor(_limit / 2));
            _cuts++;
            return true;
        }
    }

    /// <summary>The request of <paramref name="slot"/> is done; <paramref name="accepted"/> when Port took it without pushing back.</summary>
    public void Leave(Slot slot, bool accepted)
    {
        lock (_gate)
        {
            _inFlight--;
            if (accepted && slot.CutsAtEntry == _cuts)
            {
                _limit = Math.Min(maximum, _limit + 1 / _limit);
            }

            while (_inFlight < (int)_limit && _waiting.TryDequeue(out var next))
            {
                if (next.TrySetResult(new Slot(_cuts)))
                {
                    _inFlight++;
                }
            }
        }
    }

    /// <summary>A place under the limit, and the number of cuts when it was taken.</summary>
    public readonly record struct Slot(int CutsAtEntry);
}
