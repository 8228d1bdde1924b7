using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>The job's result so far, as the agent gives it in <c>Agent.JobStatus</c>.</summary>
public enum JobResult
{
    Succeeded,
    SucceededWithIssues,
    Failed,
    Canceled,
}

/// <summary>Reads <c>Agent.JobStatus</c> for a task whose <c>status</c> input is <c>auto</c>.</summary>
public static class JobResults
{
    /// <param name="otherValues">The values the input takes besides auto, for the message, e.g. "SUCCESS, FAILURE or IN_PROGRESS".</param>
    /// <exception cref="TaskInputException">The agent gave no job status, or one with no Port status.</exception>
    public static JobResult Read(TaskEnvironment environment, string otherValues)
    {
        var jobStatus = environment.Variable("Agent.JobStatus");
        return jobStatus?.ToLowerInvariant() switch
        {
            "succeeded" => JobResult.Succeeded,
            "succeededwithissues" => JobResult.SucceededWithIssues,
            "failed" => JobResult.Failed,
            "canceled" or "cancelled" => JobResult.Canceled,
            null => throw new TaskInputException("status", $"is 'auto', but the agent gave no Agent.JobStatus. Run the task inside a pipeline job, or set status to {otherValues}."),
            _ => throw new TaskInputException("status", $"is 'auto', but Agent.JobStatus is '{jobStatus}', which has no Port status. Set status to {otherValues}."),
        };
    }
}
