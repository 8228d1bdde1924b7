using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.CreateRun;
using Port.Tasks.DeleteEntity;
using Port.Tasks.GetEntity;
using Port.Tasks.ReportRun;
using Port.Tasks.UpsertEntity;

namespace Port.Ci;

/// <summary>Runs one step of a command on a host, as <see cref="StepRunner"/> does for every host.</summary>
public delegate Task<StepOutcome> StepRun(TaskEnvironment environment, IStepHost host, Func<PortClientOptions, PortClient> clientFactory, CancellationToken cancellationToken);

/// <summary>A port-ci command: its name, the task it runs, and how.</summary>
public sealed record CliCommand(string Name, string Task, StepRun Run)
{
    /// <summary>
    /// The step name its outputs are exported under when --name is not given; null for plain PORT_NAME. create-run
    /// exports PORT_CREATED_RUN_ID: as PORT_RUN_ID it would replace, for every later step, the run that started the
    /// pipeline, and a later report-run or upsert would then report to or tie entities to the wrong run.
    /// </summary>
    public string? DefaultStepName { get; init; }

    /// <summary>One command per task; the name is the task's without "Port", in kebab case.</summary>
    public static readonly IReadOnlyList<CliCommand> All =
    [
        For<UpsertEntityInputs>("PortUpsertEntity", (inputs, port, host) => new UpsertEntityCommand(inputs, port, host)),
        For<GetEntityInputs>("PortGetEntity", (inputs, port, host) => new GetEntityCommand(inputs, port, host)),
        For<DeleteEntityInputs>("PortDeleteEntity", (inputs, port, host) => new DeleteEntityCommand(inputs, port, host)),
        For<ReportRunInputs>("PortReportRun", (inputs, port, host) => new ReportRunCommand(inputs, port, host)),
        // Its lead time from git in the checkout and its defaults from this CI, not from Azure DevOps (CliDeployment).
        new(TaskInput.Kebab("ReportDeployment"), "PortReportDeployment", CliDeployment.RunAsync),
        For<CreateRunInputs>("PortCreateRun", (inputs, port, host) => new CreateRunCommand(inputs, port, host)) with { DefaultStepName = "created" },
    ];

    public static CliCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static CliCommand For<TInputs>(string task, Func<TInputs, PortClient, IStepHost, ITaskCommand> command)
        where TInputs : ITaskInputs<TInputs> =>
        new(TaskInput.Kebab(task["Port".Length..]), task,
            (environment, host, clientFactory, cancellationToken) => StepRunner.RunAsync(command, environment, host, clientFactory, cancellationToken));
}
