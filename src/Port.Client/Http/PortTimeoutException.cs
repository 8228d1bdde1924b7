namespace Port.Client.Http;

/// <summary>An attempt, or the whole call, outlasted its timeout (<see cref="PortClientOptions.AttemptTimeout"/>, <see cref="PortClientOptions.TotalTimeout"/>).</summary>
internal sealed class PortTimeoutException(TimeSpan timeout, string what)
    : TimeoutException($"Port did not answer within {timeout.TotalSeconds:0.#} s ({what})")
{
    public TimeSpan Timeout => timeout;
}
