using Port.Tasks.Common;
using Port.Tasks.ReportRun;

// PortReportRun@1
return await TaskRunner.RunAsync<ReportRunInputs>((inputs, port, agent) => new ReportRunCommand(inputs, port, agent));
