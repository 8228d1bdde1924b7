using Port.Tasks.Common;
using Port.Tasks.ReportRun;

// PortReportRun@1: read and check every input, then do the work with a Port client.
using var cancellation = TaskCancellation.FromProcessSignals();
return await TaskHost.RunAsync((context, cancellationToken) =>
{
    var inputs = ReportRunInputs.Parse(context.Inputs);
    return context.WithPortClientAsync(inputs.Connection, client => new ReportRunCommand(inputs, client, context.Agent).ExecuteAsync(cancellationToken));
}, cancellation.Token);
