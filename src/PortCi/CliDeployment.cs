using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.ReportDeployment;

namespace Port.Ci;

/// <summary>
/// report-deployment as port-ci runs it: the task's command, with its lead time read from git in the checkout
/// (<see cref="GitLeadTime"/>) instead of Azure DevOps' build changes, and its default identifier and title made of
/// this CI's pipeline and run (<see cref="CiJob.Run"/>) where the task reads Azure's Build.* variables.
/// </summary>
public static class CliDeployment
{
    public static Task<StepOutcome> RunAsync(TaskEnvironment environment, IStepHost host, Func<PortClientOptions, PortClient> clientFactory, CancellationToken cancellationToken)
    {
        var process = new Variables(environment);
        var ci = CiDetection.Detect(process);
        var leadTime = new GitLeadTime(GitLeadTime.From(ci, process, environment.Input(CommandLine.SinceCommitInput)), ci);
        return StepRunner.RunAsync<ReportDeploymentInputs>((inputs, port, stepHost) => new ReportDeploymentCommand(inputs, port, stepHost, leadTimeStart: leadTime),
            new TaskEnvironment(new RunAsBuild(process, ci)), host, clientFactory, cancellationToken);
    }

    /// <summary>The step's environment by the names in the process (GITLAB_CI, CI_COMMIT_BEFORE_SHA): the one environment a command is given.</summary>
    private sealed class Variables(TaskEnvironment environment) : IEnvironment
    {
        public string? Get(string name) => environment.Variable(name);
    }

    /// <summary>
    /// Outside Azure Pipelines, the CI's pipeline, run id and run number answer for Build.DefinitionName, Build.BuildId
    /// and Build.BuildNumber, which the task's defaults are made of; in Azure Pipelines, and where the CI says nothing,
    /// the variables are as they are.
    /// </summary>
    private sealed class RunAsBuild(IEnvironment process, CiSystem ci) : IEnvironment
    {
        private readonly (string? Pipeline, string? RunId, string? RunNumber) _run = ci == CiSystem.AzurePipelines ? default : CiJob.Run(ci, process);

        public string? Get(string name) => name switch
        {
            "BUILD_DEFINITIONNAME" when _run.Pipeline is not null => _run.Pipeline,
            "BUILD_BUILDID" when _run.RunId is not null => _run.RunId,
            "BUILD_BUILDNUMBER" when _run.RunNumber is not null => _run.RunNumber,
            _ => process.Get(name),
        };
    }
}
