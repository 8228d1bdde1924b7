using Port.Tasks.Common;
using Port.Tasks.CreateRun;

// PortCreateRun@1
return await TaskRunner.RunAsync<CreateRunInputs>((inputs, port, agent) => new CreateRunCommand(inputs, port, agent));
