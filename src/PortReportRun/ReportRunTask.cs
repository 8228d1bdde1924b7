using Port.Tasks.Common;

namespace Port.Tasks.ReportRun;

/// <summary>PortReportRun@1: parse and validate every input, then report.</summary>
public static class ReportRunTask
{
    public static async Task<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var inputs = ReportRunInputs.Parse(context.Inputs);
        using var client = context.CreatePortClient(inputs.Connection);
        return await new ReportRunCommand(inputs, client, context.Agent).ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }
}
