using Port.Tasks.Common;
using Port.Tasks.ReportDeployment;

// PortReportDeployment@1
return await TaskRunner.RunAsync<ReportDeploymentInputs>((inputs, port, agent) => new ReportDeploymentCommand(inputs, port, agent));
