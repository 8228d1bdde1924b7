namespace Port.Client.Auth;

/// <summary>
/// Caches Port's access token until shortly before it expires. One credential pair has one token at a time,
/// so every call in a step shares it.
/// </summary>
internal sealed class AccessTokenProvider(
    Func<CancellationToken, Task<(string Token, TimeSpan ExpiresIn)>> fetchToken,
    TimeProvider timeProvider,
    TimeSpan refreshMargin)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && timeProvider.GetUtcNow() < _renewAt)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } fresh && timeProvider.GetUtcNow() < _renewAt)
            {
                return fresh;
            }

            var (token, expiresIn) = await fetchToken(cancellationToken).ConfigureAwait(false);
            _token = token;
            _renewAt = timeProvider.GetUtcNow() + expiresIn - refreshMargin;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejectedToken"/> after Port refused it, unless a newer token already replaced it.</summary>
    public void Invalidate(string rejectedToken)
    {
        if (_token == rejectedToken)
        {
            _token = null;
        }
    }
}
