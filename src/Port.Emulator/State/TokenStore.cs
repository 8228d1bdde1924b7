using System.Security.Cryptography;

namespace Port.Emulator.State;

/// <summary>Issues and checks access tokens. Like Port, a credential pair has one valid token at a time.</summary>
public sealed class TokenStore(PortState state, TimeProvider clock, Func<TimeSpan> lifetime)
{
    private readonly Dictionary<string, (string ClientId, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    /// <summary>Every token issued so far (expired ones too), so a test can check that none was ever printed.</summary>
    public IReadOnlyList<string> Issued
    {
        get
        {
            lock (state.Gate)
            {
                return _tokens.Keys.ToList();
            }
        }
    }

    /// <returns>The token and its remaining lifetime in seconds.</returns>
    public (string Token, int ExpiresIn) Issue(string clientId, string clientSecret)
    {
        lock (state.Gate)
        {
            if (!state.Credentials.Any(c => c.ClientId == clientId && CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(c.ClientSecret), System.Text.Encoding.UTF8.GetBytes(clientSecret))))
            {
                throw PortError.Unauthorized("Invalid client ID or client secret");
            }

            var now = clock.GetUtcNow();
            var current = _tokens.FirstOrDefault(t => t.Value.ClientId == clientId && t.Value.ExpiresAt > now);
            if (current.Key is not null)
            {
                return (current.Key, (int)(current.Value.ExpiresAt - now).TotalSeconds);
            }

            var token = "emu_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            var life = lifetime();
            _tokens[token] = (clientId, now + life);
            return (token, (int)life.TotalSeconds);
        }
    }

    /// <summary>The client ID the bearer token belongs to; 401 when it is missing, unknown or expired.</summary>
    public string Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new PortError(401, "unauthorized", "Missing Authorization header with a Bearer token");
        }

        var token = authorization["Bearer ".Length..].Trim();
        lock (state.Gate)
        {
            if (!_tokens.TryGetValue(token, out var entry))
            {
                throw new PortError(401, "unauthorized", "The access token is invalid");
            }

            if (entry.ExpiresAt <= clock.GetUtcNow())
            {
                throw new PortError(401, "token_expired", "The access token has expired");
            }

            return entry.ClientId;
        }
    }

    /// <summary>Forgets every token, as a restarted Port would: each test of a shared emulator then sees only its own.</summary>
    public void ForgetAll()
    {
        lock (state.Gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Expires every token now (admin), to exercise a client's refresh.</summary>
    public void ExpireAll()
    {
        lock (state.Gate)
        {
            foreach (var key in _tokens.Keys.ToList())
            {
                _tokens[key] = (_tokens[key].ClientId, DateTimeOffset.MinValue);
            }
        }
    }
}
