namespace Port.Client;

/// <summary>Settings of a <see cref="PortClient"/>. Defaults suit a CI step talking to Port's SaaS.</summary>
public sealed class PortClientOptions
{
    /// <summary>Port's API URL, with or without a trailing <c>/v1</c>. Default: <c>https://api.getport.io</c>.</summary>
    public string BaseUrl { get; set; } = PortBaseUrl.Default;

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>How many times a failed attempt is tried again (so at most MaxRetries + 1 attempts).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay when Port gives no hint; doubles each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait between attempts, whatever Port asks for.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Upper bound for one call to Port, from its start: the token request, every attempt and wait, the renewal after
    /// a 401, and the read-back and resend of a write whose answer was lost. The bulk methods and the paged search send
    /// one call per request, each with this bound.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Upper bound for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A bulk upsert the caller cancels sends no further request, and waits this long for the requests already in
    /// flight, so that what Port wrote for them is reported; those still unanswered then are reported as
    /// <see cref="Models.BulkUpsertResult.Unanswered"/>. Default: <see cref="DefaultCancelGrace"/>.
    /// </summary>
    public TimeSpan CancelGrace { get; set; } = DefaultCancelGrace;

    /// <summary>
    /// 3 s. A CI runner gives a canceled step a few seconds before it forces it: the Azure Pipelines agent (as GitHub's
    /// runner) sends SIGINT, waits 7.5 s, sends SIGTERM, waits 2.5 s more, then kills the process tree. Port answers a
    /// bulk request of 20 entities in well under a second, so 3 s lets the requests in flight answer even when Port is
    /// slow, and leaves 4.5 s before SIGTERM (7 s before the kill) to set the outputs and exit.
    /// </summary>
    public static readonly TimeSpan DefaultCancelGrace = TimeSpan.FromSeconds(3);

    /// <summary>A cached token is renewed this long before Port says it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the client reports what it does. Bodies go to Debug only, with secrets removed.</summary>
    public IPortLog Log { get; set; } = NullPortLog.Instance;

    /// <summary>Called with each new access token the moment it exists, so a host can mask it.</summary>
    public Action<string>? OnAccessToken { get; set; }

    /// <summary>Sent as User-Agent.</summary>
    public string UserAgent { get; set; } = "port-azure-pipelines";

    /// <summary>Clock for token expiry; tests replace it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
