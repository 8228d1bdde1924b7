using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>The outcome a task reports: its result and one line saying what happened.</summary>
public sealed record TaskOutcome(TaskResult Result, string Message)
{
    public static TaskOutcome Succeeded(string message) => new(TaskResult.Succeeded, message);

    public static TaskOutcome Failed(string message) => new(TaskResult.Failed, message);
}
