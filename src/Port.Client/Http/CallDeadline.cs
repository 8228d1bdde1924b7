namespace Port.Client.Http;

/// <summary>
/// The end of one call to Port, <see cref="PortClientOptions.TotalTimeout"/> after it starts. Everything the call does
/// runs before it: the token request, every attempt and wait, the renewal after a 401, and the read-back and resend
/// of a write whose answer was lost. What the call sends on its behalf (the token request, the read-back) waits with
/// <see cref="Token"/>, so it ends here too, whatever deadline of its own it has.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _callerOrTimeout;

    public CallDeadline(TimeSpan total, TimeProvider timeProvider, CancellationToken caller)
    {
        Total = total;
        Caller = caller;
        _timeout = new CancellationTokenSource(total, timeProvider);
        _callerOrTimeout = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
    }

    public TimeSpan Total { get; }

    /// <summary>The caller's own token: when it is cancelled the caller stopped the call, and no timeout is reported.</summary>
    public CancellationToken Caller { get; }

    /// <summary>Cancelled when the caller cancels or the deadline passes: every step of the call waits with it.</summary>
    public CancellationToken Token => _callerOrTimeout.Token;

    /// <summary>The deadline has passed and the caller has not cancelled (a cancel is the caller's, not a timeout).</summary>
    public bool Expired => _timeout.IsCancellationRequested && !Caller.IsCancellationRequested;

    public PortTimeoutException Exceeded() => new(Total, "the time for the whole call, retries included");

    public void Dispose()
    {
        _callerOrTimeout.Dispose();
        _timeout.Dispose();
    }
}
