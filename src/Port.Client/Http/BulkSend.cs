using System.Runtime.ExceptionServices;
using System.Text.Json;
using Port.Client.Models;

namespace Port.Client.Http;

/// <summary>
/// Sends bulk-upsert requests with several in flight, as many as <see cref="AdaptiveConcurrency"/> allows, and merges
/// their answers. The first request that fails for good stops the sending of new ones; those in flight are awaited
/// and reported before the failure is thrown, so the caller learns of every entity Port wrote.
/// </summary>
/// <param name="request">The route and query every chunk is sent to, with <see cref="PortRequest.UpsertsByIdentifier"/> set when it upserts; each chunk adds its body, and is safe to repeat only if it also names every entity.</param>
internal sealed class BulkSend(PortHttp http, PortRequest request, int maxInFlight, Action<BulkUpsertResult>? chunkDone)
{
    private readonly AdaptiveConcurrency _limit = new(maxInFlight);
    private readonly object _answers = new();
    private readonly List<BulkEntityResult> _written = [];
    private readonly List<BulkEntityError> _rejected = [];
    private ExceptionDispatchInfo? _failure;

    public async Task<BulkUpsertResult> RunAsync(IEnumerable<BulkChunk> chunks, CancellationToken cancellationToken)
    {
        var sending = new List<Task>();
        try
        {
            foreach (var chunk in chunks)
            {
                var slot = await _limit.EnterAsync(cancellationToken).ConfigureAwait(false);
                if (Failed)
                {
                    _limit.Leave(slot, accepted: false);
                    break;
                }

                sending.RemoveAll(task => task.IsCompleted);
                sending.Add(SendAsync(chunk, slot, cancellationToken));
            }
        }
        finally
        {
            // Whatever stopped the loop, the requests already sent finish and are reported first.
            await Task.WhenAll(sending).ConfigureAwait(false);
        }

        _failure?.Throw();
        return new BulkUpsertResult(_written.OrderBy(r => r.Index).ToList(), _rejected.OrderBy(e => e.Index).ToList());
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
    private async Task SendAsync(BulkChunk chunk, AdaptiveConcurrency.Slot slot, CancellationToken cancellationToken)
    {
        var throttled = false;
        try
        {
            var chunkRequest = request with
            {
                Body = chunk.Body,
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
            var json = await http.SendAsync(chunkRequest, cancellationToken).ConfigureAwait(false);
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
                _failure ??= ExceptionDispatchInfo.Capture(ex);
            }
        }
        finally
        {
            _limit.Leave(slot, accepted: !throttled);
        }
    }
}
