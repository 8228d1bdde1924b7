using Port.Tasks.Common;
using Port.Tasks.UpsertEntity;

using var cancellation = TaskCancellation.FromProcessSignals();
return await TaskHost.RunAsync(UpsertEntityTask.RunAsync, cancellation.Token);
