using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>PortUpsertEntity@1: parse and validate every input, then write.</summary>
public static class UpsertEntityTask
{
    public static async Task<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var inputs = UpsertEntityInputs.Parse(context.Inputs);
        using var client = context.CreatePortClient(inputs.Connection);
        return await new UpsertEntityCommand(inputs, client, context.Agent).ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }
}
