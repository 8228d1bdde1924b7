using System.Net;

namespace Port.Client.Http;

/// <summary>
/// Runs the attempts of one request to Port within its call's <see cref="CallDeadline"/>: a timeout for each attempt,
/// and another attempt after a transient failure, waiting what Port's headers ask for, else exponential backoff with jitter.
/// A 429 is Port pacing us and certainly did nothing, so it does not use up <see cref="PortClientOptions.MaxRetries"/>.
/// </summary>
internal sealed class RetryLoop(PortClientOptions options)
{
    // Bounds the 429s one call waits out (the total timeout bounds them too).
    private const int MaxThrottledRetries = 100;

    /// <summary>One attempt's outcome: an answer, or the failure that stood for one.</summary>
    private readonly record struct Outcome(HttpResponseMessage? Response, Exception? Failure)
    {
        public HttpStatusCode? Status => Response?.StatusCode;
    }

    /// <returns>The last answer, whatever its status, when no further attempt is made.</returns>
    /// <exception cref="PortTimeoutException">The last attempt, or the whole call, ran out of time.</exception>
    public async Task<HttpResponseMessage> RunAsync(PortRequest request, Func<CancellationToken, Task<HttpResponseMessage>> attempt, CallDeadline deadline)
    {
        var faults = 0;
        var throttled = 0;
        while (true)
        {
            var outcome = await AttemptAsync(attempt, deadline).ConfigureAwait(false);
            var throttledNow = outcome.Status == HttpStatusCode.TooManyRequests;
            if (request.NoMoreAttempts.IsCancellationRequested || !ShouldRetry(request, outcome)
                || (throttledNow ? ++throttled > MaxThrottledRetries : ++faults > options.MaxRetries))
            {
                return outcome.Response ?? throw outcome.Failure!;
            }

            var (delay, hint) = Delay(outcome, faults + throttled);
            LogRetry(request, outcome, delay, hint, faults);
            bool again;
            try
            {
                again = await WaitAsync(delay, request, deadline).ConfigureAwait(false);
            }
            catch
            {
                outcome.Response?.Dispose();
                throw;
            }

            if (!again)
            {
                return outcome.Response ?? throw outcome.Failure!;
            }

            outcome.Response?.Dispose();
        }
    }

    /// <returns>False when <see cref="PortRequest.NoMoreAttempts"/> ended the wait.</returns>
    private async Task<bool> WaitAsync(TimeSpan delay, PortRequest request, CallDeadline deadline)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, request.NoMoreAttempts);
        try
        {
            await Task.Delay(delay, options.TimeProvider, wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw deadline.Exceeded();
        }
        catch (OperationCanceledException) when (!deadline.Token.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<Outcome> AttemptAsync(Func<CancellationToken, Task<HttpResponseMessage>> attempt, CallDeadline deadline)
    {
        using var attemptTimeout = new CancellationTokenSource(options.AttemptTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, attemptTimeout.Token);
        try
        {
            return new Outcome(await attempt(linked.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw deadline.Exceeded();
        }
        catch (OperationCanceledException) when (!deadline.Caller.IsCancellationRequested && attemptTimeout.IsCancellationRequested)
        {
            return new Outcome(null, new PortTimeoutException(options.AttemptTimeout, "the time for one attempt"));
        }
        catch (Exception ex) when (TransientFault.IsTransientException(ex))
        {
            return new Outcome(null, ex);
        }
    }

    private bool ShouldRetry(PortRequest request, Outcome outcome)
    {
        var transient = outcome.Status is { } status ? TransientFault.IsTransientStatus(status) : outcome.Failure is not null;
        return options.MaxRetries > 0 && transient
            && (request.Idempotent || TransientFault.CertainlyNotProcessed(outcome.Status, outcome.Failure));
    }

    /// <summary>What Port's headers ask for (capped at MaxRetryDelay), else exponential backoff with ±25% jitter.</summary>
    /// <param name="retry">1 for the first retry of this call, 2 for the second, …</param>
    private (TimeSpan Delay, (TimeSpan Delay, string Source)? Hint) Delay(Outcome outcome, int retry)
    {
        if (outcome.Response is { } response && RetryDelay.FromHeaders(response.Headers, options.TimeProvider.GetUtcNow()) is { } hint)
        {
            return (hint.Delay > options.MaxRetryDelay ? options.MaxRetryDelay : hint.Delay, hint);
        }

        // In seconds, capped before it becomes a TimeSpan: 2^retry overflows one after about 40 retries.
        var seconds = options.BaseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(retry - 1, 0, 30)) * (0.75 + (Random.Shared.NextDouble() / 2));
        return (TimeSpan.FromSeconds(Math.Min(seconds, options.MaxRetryDelay.TotalSeconds)), null);
    }

    private void LogRetry(PortRequest request, Outcome outcome, TimeSpan delay, (TimeSpan Delay, string Source)? hint, int faults)
    {
        var what = outcome.Response is { } response
            ? $"Port answered {(int)response.StatusCode} {response.ReasonPhrase}"
            : $"the attempt failed ({outcome.Failure?.GetType().Name}: {outcome.Failure?.Message})";
        var asked = hint is { } h ? $" ({h.Source} asked for {h.Delay.TotalSeconds:0.#} s)" : "";
        if (outcome.Status == HttpStatusCode.TooManyRequests)
        {
            request.Throttled?.Invoke();
            options.Log.Warning($"{request.Method} {request.Route}: {what} (rate limit); trying again in {delay.TotalSeconds:0.#} s{asked}.");
            return;
        }

        options.Log.Warning($"{request.Method} {request.Route}: {what}; retry {faults} of {options.MaxRetries} in {delay.TotalSeconds:0.#} s{asked}.");
    }
}
