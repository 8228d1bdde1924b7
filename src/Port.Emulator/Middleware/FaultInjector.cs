using System.Globalization;

namespace Port.Emulator.Middleware;

/// <summary>Injects faults into API requests: scripted answers, latency, dropped connections, random 5xx and a rate limit.</summary>
public sealed class FaultInjector(FaultSettings settings, int randomSeed, TimeProvider clock)
{
    private readonly Random _random = new(randomSeed);
    private readonly object _gate = new();
    private long _windowStart;
    private int _windowCount;

    public FaultSettings Settings => settings;

    /// <summary>What to do with this request before it reaches its handler.</summary>
    public async Task<FaultDecision> DecideAsync(HttpContext context)
    {
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(settings.LatencyMs, context.RequestAborted);
        }

        lock (_gate)
        {
            var path = context.Request.Path.Value ?? "";
            var scripted = settings.Next.FirstOrDefault(f => f.PathContains is null || path.Contains(f.PathContains, StringComparison.Ordinal));
            if (scripted is not null)
            {
                settings.Next.Remove(scripted);
                return new FaultDecision(scripted.Status == 200 ? -1 : scripted.Status, scripted.RetryAfterSeconds, scripted.AfterProcessing, scripted.DelayMs);
            }

            if (settings.DropRate > 0 && _random.NextDouble() < settings.DropRate)
            {
                return new FaultDecision(0, null, false);
            }

            if (settings.ErrorRate > 0 && _random.NextDouble() < settings.ErrorRate)
            {
                return new FaultDecision(settings.ErrorStatus, null, false);
            }

            return RateLimit(context.Response);
        }
    }

    private FaultDecision RateLimit(HttpResponse response)
    {
        if (settings.RateLimit <= 0)
        {
            return FaultDecision.None;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var period = Math.Max(1, settings.RateLimitPeriodSeconds);
        if (now >= _windowStart + period)
        {
            _windowStart = now;
            _windowCount = 0;
        }

        _windowCount++;
        var reset = _windowStart + period;
        response.Headers["x-ratelimit-period"] = period.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-limit"] = settings.RateLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining"] = Math.Max(0, settings.RateLimit - _windowCount).ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
        return _windowCount > settings.RateLimit
            ? new FaultDecision(429, settings.RetryAfterHeader ? (int)Math.Max(1, reset - now) : null, false)
            : FaultDecision.None;
    }
}

/// <summary>Status 0 drops the connection; -1 lets the request through.</summary>
public sealed record FaultDecision(int Status, int? RetryAfterSeconds, bool AfterProcessing, int DelayMs = 0)
{
    public static readonly FaultDecision None = new(-1, null, false);
}
