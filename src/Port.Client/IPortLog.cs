namespace Port.Client;

/// <summary>Receives the client's log lines. No line ever carries a secret.</summary>
public interface IPortLog
{
    void Debug(string message);

    void Warning(string message);
}

public sealed class NullPortLog : IPortLog
{
    public static readonly NullPortLog Instance = new();

    public void Debug(string message) { }

    public void Warning(string message) { }
}
