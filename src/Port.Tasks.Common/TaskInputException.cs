namespace Port.Tasks.Common;

/// <summary>An input is missing or wrong. The message names the input, what was wrong and what would be right.</summary>
public sealed class TaskInputException(string input, string problem) : Exception($"The input '{input}' {problem}")
{
    public string Input { get; } = input;

    /// <summary>The message without the "The input 'x' " prefix, to nest it in another message.</summary>
    public string Problem { get; } = problem;
}

/// <summary>The task cannot do its work, for a reason the message states in full (no stack trace is shown).</summary>
public sealed class TaskFailedException(string message, Exception? innerException = null) : Exception(message, innerException);
