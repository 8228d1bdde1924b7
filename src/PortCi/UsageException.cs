namespace Port.Ci;

/// <summary>The command line is wrong: port-ci says what and how to fix it, sends nothing, and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);
