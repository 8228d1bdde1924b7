using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>
/// Runs an Azure Pipelines task: the agent is its host (<see cref="AgentCommands"/>), so any failure becomes
/// <c>task.logissue type=error</c> + <c>task.complete result=Failed</c> from <see cref="StepRunner"/>'s one top-level
/// catch. A task's <c>Program.cs</c> is one call to <see cref="RunAsync{TInputs}(Func{TInputs, PortClient, IStepHost, ITaskCommand})"/>.
/// </summary>
public static class TaskRunner
{
    /// <summary>The process entry point: the real environment, stdout, and cancellation on SIGINT/SIGTERM.</summary>
    /// <returns>The process exit code: 0 when the task succeeded (with or without issues), 1 otherwise.</returns>
    public static async Task<int> RunAsync<TInputs>(Func<TInputs, PortClient, IStepHost, ITaskCommand> command)
        where TInputs : ITaskInputs<TInputs>
    {
        using var cancellation = TaskCancellation.FromProcessSignals();
        // The agent reads a task's output as UTF-8 on every OS; on Windows Console.Out would encode with the console's
        // code page (found under Wine: a non-ASCII path in an output came out garbled).
        using var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return await RunAsync(command, ProcessEnvironment.Instance, output, options => new PortClient(options), cancellation.Token).ConfigureAwait(false);
    }

    public static async Task<int> RunAsync<TInputs>(
        Func<TInputs, PortClient, IStepHost, ITaskCommand> command,
        IEnvironment processEnvironment,
        TextWriter output,
        Func<PortClientOptions, PortClient> clientFactory,
        CancellationToken cancellationToken)
        where TInputs : ITaskInputs<TInputs>
    {
        var environment = new TaskEnvironment(processEnvironment);
        var step = await StepRunner.RunAsync(command, environment, AgentCommands.For(environment, output), clientFactory, cancellationToken).ConfigureAwait(false);
        return step.Outcome.Result is TaskResult.Succeeded or TaskResult.SucceededWithIssues ? 0 : 1;
    }
}
