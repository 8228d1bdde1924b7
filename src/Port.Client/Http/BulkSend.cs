using System.Runtime.ExceptionServices;
using System.Text.Json;
using Port.Client.Models;

namespace Port.Client.Http;

/// <summary>
/// Sends bulk-upsert requests with several in flight, as many as <see cref="AdaptiveConcurrency"/> allows, and merges
/// their answers. The first request that fails for good stops the sending of new ones; those in flight are awaited
/// and reported before the failure is thrown, so the caller learns of every entity Port wrote. A cancel stops the
/// sending too, and no attempt is tried again; the requests in flight get <see cref="PortClientOptions.CancelGrace"/>
/// to answer, and those that do not are reported as <see cref="BulkUpsertResult.Unanswered"/>.
/// </summary>
/// <param name="request">The route and query every chunk is sent to, with <see cref="PortRequest.UpsertsByIdentifier"/> set when it upserts; each chunk adds its body, and is safe to repeat only if it also names every entity.</param>
internal sealed class BulkSend(PortHttp http, PortRequest request, int maxInFlight, Action<BulkUpsertResult>? chunkDone)
{
    private readonly AdaptiveConcurrency _limit = new(maxInFlight);
    private readonly object _answers = new();
    private readonly List<BulkEntityResult> _written = [];
    private readonly List<BulkEntityError> _rejected = [];
    private int _unanswered;
    private ExceptionDispatchInfo? _failure;

    public async Task<BulkUpsertResult> RunAsync(IEnumerable<BulkChunk> chunks, CancellationToken cancellationToken)
    {
        // The requests in flight wait for their answers until the grace after a cancel is over, not just until the cancel.
        using var grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, http.Options.TimeProvider);
        using var graceStarts = cancellationToken.Register(() => grace.CancelAfter(http.Options.CancelGrace));
        var sending = new List<Task>();
        var allSent = false;
        try
        {
            foreach (var chunk in chunks)
            {
                var slot = await _limit.EnterAsync(cancellationToken).ConfigureAwait(false);
                if (Failed || cancellationToken.IsCancellationRequested)
                {
                    _limit.Leave(slot, accepted: false);
                    break;
                }

                sending.RemoveAll(task => task.IsCompleted);
                sending.Add(SendAsync(chunk, slot, cancellationToken, grace.Token));
            }

            allSent = !Failed && !cancellationToken.IsCancellationRequested;
        }
        finally
        {
            // Whatever stopped the loop, the requests already sent finish and are reported first.
            await Task.WhenAll(sending).ConfigureAwait(false);
        }

        if (!allSent || _failure is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        _failure?.Throw();
        return new BulkUpsertResult(_written.OrderBy(r => r.Index).ToList(), _rejected.OrderBy(e => e.Index).ToList()) { Unanswered = _unanswered };
    }

    private bool Failed
    {
        get
        {
            lock (_answers)
            {
                return _failure is not null;
            }
        }
    }

    /// <summary>Sends one request and records its answer; never throws, so one failure does not hide the others' results.</summary>
    /// <param name="cancellationToken">The caller's: once cancelled, no attempt is tried again.</param>
    /// <param name="answerBy">Cancelled when the grace after the caller's cancel is over: the request then stops waiting for its answer.</param>
    private async Task SendAsync(BulkChunk chunk, AdaptiveConcurrency.Slot slot, CancellationToken cancellationToken, CancellationToken answerBy)
    {
        var throttled = false;
        try
        {
            var chunkRequest = request with
            {
                Body = chunk.Body,
                NoMoreAttempts = cancellationToken,
                UpsertsByIdentifier = request.UpsertsByIdentifier && chunk.EveryEntityNamed,
                Throttled = () =>
                {
                    throttled = true;
                    if (_limit.Throttled(slot))
                    {
                        http.Log.Warning($"Port is rate limiting the bulk upsert: at most {_limit.Limit} request(s) in flight until it stops pushing back.");
                    }
                },
            };
            var json = await http.SendAsync(chunkRequest, answerBy).ConfigureAwait(false);
            var answer = json.Deserialize(PortJsonContext.Default.BulkUpsertResponse);
            var result = new BulkUpsertResult(
                (answer?.Entities ?? []).Select(r => r with { Index = r.Index + chunk.Offset }).ToList(),
                (answer?.Errors ?? []).Select(e => e with { Index = e.Index + chunk.Offset }).ToList());
            lock (_answers)
            {
                _written.AddRange(result.Entities);
                _rejected.AddRange(result.Errors);
                chunkDone?.Invoke(result);
            }
        }
        catch (Exception ex)
        {
            lock (_answers)
            {
                if (cancellationToken.IsCancellationRequested && MayHaveWritten(ex))
                {
                    _unanswered += chunk.Count;
                    chunkDone?.Invoke(new BulkUpsertResult([], []) { Unanswered = chunk.Count });
                }

                _failure ??= ExceptionDispatchInfo.Capture(ex);
            }
        }
        finally
        {
            _limit.Leave(slot, accepted: !throttled);
        }
    }

    /// <summary>Whether Port may have written the request's entities although it gave no answer that says so.</summary>
    private static bool MayHaveWritten(Exception failure) =>
        failure is OperationCanceledException or PortOutcomeUnknownException
        || (failure is PortApiException api && TransientFault.MayHaveLanded(api));
}
