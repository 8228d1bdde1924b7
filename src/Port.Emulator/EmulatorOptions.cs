namespace Port.Emulator;

/// <summary>How the emulator starts: its seed, token lifetime, and the faults it injects.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Seed file (credentials, blueprints, entities, runs). Default: the seed.json shipped beside the binary.</summary>
    public string? SeedPath { get; set; }

    /// <summary>Where state is loaded from at start (if it exists) and saved to on shutdown.</summary>
    public string? StatePath { get; set; }

    /// <summary>Lifetime of an access token. Port's is 3 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(3);

    public FaultSettings Faults { get; set; } = new();

    /// <summary>Seed for the fault dice, so a fault run can be repeated.</summary>
    public int RandomSeed { get; set; } = 1;
}

/// <summary>Faults on demand: a rate limit, injected 5xx, latency and dropped connections.</summary>
public sealed class FaultSettings
{
    /// <summary>Requests allowed per window before 429; 0 turns the rate limit off.</summary>
    public int RateLimit { get; set; }

    public int RateLimitPeriodSeconds { get; set; } = 60;

    /// <summary>Whether a rate-limited 429 carries Retry-After; Port documents only the x-ratelimit-* headers.</summary>
    public bool RetryAfterHeader { get; set; } = true;

    /// <summary>Share of API requests (0–1) answered with <see cref="ErrorStatus"/>.</summary>
    public double ErrorRate { get; set; }

    public int ErrorStatus { get; set; } = 503;

    /// <summary>Share of API requests (0–1) whose connection is dropped without an answer.</summary>
    public double DropRate { get; set; }

    /// <summary>Added to every API request.</summary>
    public int LatencyMs { get; set; }

    /// <summary>The next N API requests answer this status (deterministic faults for tests).</summary>
    public List<ScriptedFault> Next { get; set; } = [];
}

/// <summary>One scripted answer: a status (0 drops the connection, 200 answers as usual), with an optional Retry-After and delay.</summary>
public sealed class ScriptedFault
{
    public int Status { get; set; } = 503;

    /// <summary>Waited before the answer, to outlast a client's timeout; the request is not acted on if the client gives up first.</summary>
    public int DelayMs { get; set; }

    public int? RetryAfterSeconds { get; set; }

    /// <summary>Only requests whose path contains this text; null matches any API request.</summary>
    public string? PathContains { get; set; }

    /// <summary>Let the request reach the handler first, then drop the connection (the effect happened, the answer is lost).</summary>
    public bool AfterProcessing { get; set; }
}
