using Port.Client;

namespace Port.Tasks.Common;

/// <summary>A task's inputs: read once and checked by <see cref="Parse"/>, before anything is sent.</summary>
public interface ITaskInputs<TSelf>
    where TSelf : ITaskInputs<TSelf>
{
    /// <exception cref="TaskInputException">An input is missing or wrong.</exception>
    static abstract TSelf Parse(TaskInputReader inputs);

    /// <summary>Where the task talks to Port, and with which credentials.</summary>
    PortConnection Connection { get; }

    /// <summary>The input to name when Port refuses something about <paramref name="subject"/>; null when no input is at fault.</summary>
    InputBlame? Blame(PortErrorSubject subject);
}

/// <summary>The input behind a Port error: its name, and the value it held when that helps the user.</summary>
public sealed record InputBlame(string Input, string? Value = null);

/// <summary>A task's work, once its inputs are checked and its Port client exists.</summary>
public interface ITaskCommand
{
    Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken);

    /// <summary>What the command has done so far, in words, for the message of a canceled task ("80 of 2,000 entities were written").</summary>
    string Progress { get; }
}
