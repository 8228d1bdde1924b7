using System.Globalization;
using System.Net.Http.Headers;

namespace Port.Client.Http;

/// <summary>How long Port asks us to wait before the next attempt, read from its response headers.</summary>
internal static class RetryDelay
{
    // Ocean's rule: an x-ratelimit-reset above this is a Unix time, below it a number of seconds to wait.
    private const double EpochThreshold = 10_000;

    /// <summary>
    /// <c>Retry-After</c> (seconds or HTTP date), else <c>x-ratelimit-reset</c> (epoch seconds when large, else seconds),
    /// else null: the caller falls back to exponential backoff.
    /// </summary>
    public static (TimeSpan Delay, string Source)? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return (NonNegative(delta), "Retry-After");
            }

            if (retryAfter.Date is { } date)
            {
                return (NonNegative(date - now), "Retry-After");
            }
        }

        if (headers.TryGetValues("x-ratelimit-reset", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var reset))
        {
            var delay = reset > EpochThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(reset * 1000)) - now
                : TimeSpan.FromSeconds(reset);
            return (NonNegative(delay), "x-ratelimit-reset");
        }

        return null;
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
