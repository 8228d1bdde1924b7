using Port.Tasks.Common;
using Port.Tasks.GetEntity;

// PortGetEntity@1
return await TaskRunner.RunAsync<GetEntityInputs>((inputs, port, agent) => new GetEntityCommand(inputs, port, agent));
