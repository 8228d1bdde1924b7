using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;
using Port.Tasks.ReportDeployment;

namespace Port.Ci;

/// <summary>
/// report-deployment as port-ci runs it: the task's command, with its lead time read from git in the checkout
/// (<see cref="GitLeadTime"/>) instead of Azure DevOps' build changes.
/// </summary>
public static class CliDeployment
{
    public static Task<StepOutcome> RunAsync(TaskEnvironment environment, IStepHost host, Func<PortClientOptions, PortClient> clientFactory, CancellationToken cancellationToken)
    {
        var process = new Variables(environment);
        var ci = CiDetection.Detect(process);
        var leadTime = new GitLeadTime(GitLeadTime.From(ci, process, environment.Input(CommandLine.SinceCommitInput)), ci);
        return StepRunner.RunAsync<ReportDeploymentInputs>((inputs, port, stepHost) => new ReportDeploymentCommand(inputs, port, stepHost, leadTimeStart: leadTime),
            environment, host, clientFactory, cancellationToken);
    }

    /// <summary>The step's environment by the names in the process (GITLAB_CI, CI_COMMIT_BEFORE_SHA): the one environment a command is given.</summary>
    private sealed class Variables(TaskEnvironment environment) : IEnvironment
    {
        public string? Get(string name) => environment.Variable(name);
    }
}
