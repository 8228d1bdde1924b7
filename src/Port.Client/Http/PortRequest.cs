using System.Text.Json.Nodes;

namespace Port.Client.Http;

/// <summary>One call to Port. <see cref="Idempotent"/> says whether repeating it after an unclear failure is safe.</summary>
internal sealed record PortRequest(HttpMethod Method, string PathAndQuery, byte[]? Body, bool Idempotent, bool Authenticated = true)
{
    /// <summary>The path without its query, for log lines and error messages.</summary>
    public string Route => "/" + PathAndQuery.Split('?')[0];

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
