namespace Port.Client.Http;

/// <summary>One call to Port. <see cref="Idempotent"/> says whether repeating it after an unclear failure is safe.</summary>
internal sealed record PortRequest(HttpMethod Method, string PathAndQuery, byte[]? Body, bool Idempotent, bool Authenticated = true)
{
    /// <summary>The path without its query, for log lines and error messages.</summary>
    public string Route => "/" + PathAndQuery.Split('?')[0];

    /// <summary>Called each time Port answers 429 to this request, before the wait: a sender of many requests slows down.</summary>
    public Action? Throttled { get; init; }
}
