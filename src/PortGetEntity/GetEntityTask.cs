using Port.Tasks.Common;

namespace Port.Tasks.GetEntity;

/// <summary>PortGetEntity@1: parse and validate every input, then read.</summary>
public static class GetEntityTask
{
    public static async Task<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var inputs = GetEntityInputs.Parse(context.Inputs);
        using var client = context.CreatePortClient(inputs.Connection);
        return await new GetEntityCommand(inputs, client, context.Agent).ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }
}
