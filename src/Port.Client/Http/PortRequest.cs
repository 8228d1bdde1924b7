using System.Text.Json.Nodes;

namespace Port.Client.Http;

/// <summary>One call to Port: a declared route with its path segments filled in, a query and a body.</summary>
internal sealed record PortRequest
{
    /// <param name="segments">The route's parameters, in order; each is escaped.</param>
    public PortRequest(PortRoute route, params ReadOnlySpan<string> segments)
    {
        Route = route;
        _path = route.PathWith(segments);
    }

    private readonly string _path;

    public PortRoute Route { get; }

    public HttpMethod Method => Route.Method;

    /// <summary>"" or a query string starting with "?".</summary>
    public string Query { get; init; } = "";

    public byte[]? Body { get; init; }

    /// <summary>On an entity write: it upserts, and every entity it sends has an identifier (see <see cref="PortRepeat"/>).</summary>
    public bool UpsertsByIdentifier { get; init; }

    /// <summary>Whether repeating it after an unclear failure is safe.</summary>
    public bool Idempotent => Route.Repeat switch
    {
        PortRepeat.Safe => true,
        PortRepeat.SafeWhenUpsertingByIdentifier => UpsertsByIdentifier,
        _ => false,
    };

    /// <summary>Below the API root, as sent.</summary>
    public string PathAndQuery => _path + Query;

    /// <summary>The path without its query ("/v1/..."), for log lines and error messages.</summary>
    public string Path => "/" + _path;

    /// <summary>Once cancelled, a failed attempt is not tried again, and a wait before the next attempt ends: its failure stands.</summary>
    public CancellationToken NoMoreAttempts { get; init; }

    /// <summary>Called each time Port answers 429 to this request, before the wait: a sender of many requests slows down.</summary>
    public Action? Throttled { get; init; }

    /// <summary>
    /// For a request that is not idempotent: after a failure that leaves unknown whether Port acted, reads Port back.
    /// Given when the request was first sent, it returns Port's answer as if it had arrived, or null when the write did
    /// not land. Without it, such a failure cannot be resolved and the call fails saying the write may have happened.
    /// </summary>
    public Func<DateTimeOffset, CancellationToken, Task<JsonObject?>>? ReadBack { get; init; }

    /// <summary>What the request makes in Port, for the message when its fate is unknown ("a new run of action 'deploy'").</summary>
    public string Effect { get; init; } = "its change";
}
