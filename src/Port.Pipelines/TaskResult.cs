namespace Port.Pipelines;

/// <summary>Results the agent accepts in <c>task.complete</c>; spelled as its enum (case-sensitive).</summary>
public enum TaskResult
{
    Succeeded,
    SucceededWithIssues,
    Failed,
    Canceled,
    Skipped,
}
