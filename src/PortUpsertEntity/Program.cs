using Port.Tasks.Common;
using Port.Tasks.UpsertEntity;

// PortUpsertEntity@1
return await TaskRunner.RunAsync<UpsertEntityInputs>((inputs, port, agent) => new UpsertEntityCommand(inputs, port, agent));
