namespace Port.Client;

/// <summary>Receives the client's log lines. No line ever carries a secret.</summary>
public interface IPortLog
{
    /// <summary>Whether <see cref="Debug"/> lines are shown; when not, the client does not compose them (bodies are costly to redact).</summary>
    bool DebugEnabled { get; }

    void Debug(string message);

    void Warning(string message);
}

public sealed class NullPortLog : IPortLog
{
    public static readonly NullPortLog Instance = new();

    public bool DebugEnabled => false;

    public void Debug(string message) { }

    public void Warning(string message) { }
}
