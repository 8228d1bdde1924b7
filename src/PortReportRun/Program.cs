using Port.Tasks.Common;
using Port.Tasks.ReportRun;

using var cancellation = TaskCancellation.FromProcessSignals();
return await TaskHost.RunAsync(ReportRunTask.RunAsync, cancellation.Token);
