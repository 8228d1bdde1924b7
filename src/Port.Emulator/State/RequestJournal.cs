using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>
/// Every API request received, with secrets removed and when it arrived and was answered, so tests can assert what a
/// client sent and how many requests it had in flight, and act the moment Port has answered a given request.
/// </summary>
public sealed class RequestJournal
{
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "clientSecret", "accessToken" };
    private readonly List<JsonObject> _entries = [];
    private readonly List<Watch> _watches = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Milliseconds since the journal began, the clock of <see cref="Add"/>'s times.</summary>
    public double Now => _clock.Elapsed.TotalMilliseconds;

    /// <param name="receivedMs">When the request arrived.</param>
    /// <param name="answeredMs">When the answer started on its way (or the connection was dropped): the client cannot have it earlier.</param>
    public void Add(string method, string path, string query, string? body, int status, double receivedMs, double answeredMs)
    {
        var entry = new JsonObject
        {
            ["method"] = method,
            ["path"] = path,
            ["query"] = query,
            ["body"] = Redact(body),
            ["status"] = status,
            ["receivedMs"] = Math.Round(receivedMs, 1),
            ["answeredMs"] = Math.Round(answeredMs, 1),
        };
        List<Watch> reached;
        lock (_entries)
        {
            _entries.Add(entry);
            reached = _watches.Where(w => w.Saw(entry)).ToList();
            _watches.RemoveAll(reached.Contains);
        }

        // Outside the lock, so an action may read the journal or act on the emulator.
        foreach (var watch in reached)
        {
            watch.Action();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the journal holds <paramref name="count"/> entries that <paramref name="match"/>
    /// (those already there count), on the thread of the request that made the count, before the emulator takes another
    /// request on that connection.
    /// </summary>
    public void When(Func<JsonObject, bool> match, int count, Action action)
    {
        lock (_entries)
        {
            var watch = new Watch(match, count - _entries.Count(match), action);
            if (watch.Remaining > 0)
            {
                _watches.Add(watch);
                return;
            }
        }

        action();
    }

    /// <summary>Completes once the journal holds <paramref name="count"/> entries that <paramref name="match"/>.</summary>
    public Task WhenAsync(Func<JsonObject, bool> match, int count = 1)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        When(match, count, () => reached.TrySetResult());
        return reached.Task;
    }

    public JsonArray ToJson()
    {
        lock (_entries)
        {
            return new JsonArray(_entries.Select(e => (JsonNode)e.DeepClone()).ToArray());
        }
    }

    /// <summary>Forgets every entry, and every watch not yet reached.</summary>
    public void Clear()
    {
        lock (_entries)
        {
            _entries.Clear();
            _watches.Clear();
        }
    }

    private static JsonNode? Redact(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(body);
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Select(p => p.Key).Where(SecretKeys.Contains).ToList())
                {
                    obj[key] = "***";
                }
            }

            return node;
        }
        catch (System.Text.Json.JsonException)
        {
            return $"<{body.Length} characters, not JSON>";
        }
    }

    private sealed class Watch(Func<JsonObject, bool> match, int remaining, Action action)
    {
        public int Remaining { get; private set; } = remaining;

        public Action Action => action;

        /// <returns>True when this entry is the last one the watch waited for.</returns>
        public bool Saw(JsonObject entry) => match(entry) && --Remaining == 0;
    }
}
