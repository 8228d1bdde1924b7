using Port.Tasks.Common;
using Port.Tasks.GetEntity;

using var cancellation = TaskCancellation.FromProcessSignals();
return await TaskHost.RunAsync(GetEntityTask.RunAsync, cancellation.Token);
