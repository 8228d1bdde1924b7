using Port.Tasks.Common;
using Port.Tasks.DeleteEntity;

// PortDeleteEntity@1
return await TaskRunner.RunAsync<DeleteEntityInputs>((inputs, port, agent) => new DeleteEntityCommand(inputs, port, agent));
