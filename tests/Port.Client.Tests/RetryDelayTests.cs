using System.Net.Http.Headers;
using Port.Client.Http;

namespace Port.Client.Tests;

public class RetryDelayTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [TestCase("Retry-After", "5", 5, "Retry-After")]
    [TestCase("Retry-After", "Mon, 23 Nov 2026 12:00:09 GMT", 9, "Retry-After")]
    [TestCase("Retry-After", "Mon, 23 Nov 2026 11:00:00 GMT", 0, "Retry-After")]
    [TestCase("x-ratelimit-reset", "42", 42, "x-ratelimit-reset")]
    [TestCase("x-ratelimit-reset", "1795435215", 15, "x-ratelimit-reset")]
    [TestCase("x-ratelimit-reset", "1795435000", 0, "x-ratelimit-reset")]
    public void FromHeaders_ReadsEachForm(string header, string value, double expectedSeconds, string expectedSource)
    {
        var headers = new HttpResponseMessage().Headers;
        headers.TryAddWithoutValidation(header, value);

        var hint = RetryDelay.FromHeaders(headers, Now);

        Assert.That(hint, Is.Not.Null);
        Assert.That(hint!.Value.Delay.TotalSeconds, Is.EqualTo(expectedSeconds).Within(0.001));
        Assert.That(hint.Value.Source, Is.EqualTo(expectedSource));
    }

    [Test]
    public void FromHeaders_RetryAfterWinsOverRateLimitReset()
    {
        var headers = new HttpResponseMessage().Headers;
        headers.TryAddWithoutValidation("x-ratelimit-reset", "100");
        headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));

        Assert.That(RetryDelay.FromHeaders(headers, Now)!.Value.Delay, Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void FromHeaders_NoHint_IsNull()
    {
        Assert.That(RetryDelay.FromHeaders(new HttpResponseMessage().Headers, Now), Is.Null);
    }
}
