namespace Port.Tasks.Common;

/// <summary>
/// The Port action run a task reports to or ties its writes to: the input <c>runId</c>, else the pipeline variable
/// <c>PORT_RUN_ID</c>, which Port's webhook backend passes as a queue-time variable when it starts the pipeline.
/// </summary>
public static class PortRunId
{
    public const string Input = "runId";
    public const string Variable = "PORT_RUN_ID";

    /// <returns>The run id, or null when neither gives one and <paramref name="required"/> is false.</returns>
    public static string? Read(TaskInputReader inputs, bool required)
    {
        if (inputs.String(Input) is { } given)
        {
            PortIdentifier.ValidateRunId(Input, given);
            return given;
        }

        if (inputs.Environment.AnyVariable(Variable) is { } variable)
        {
            try
            {
                PortIdentifier.ValidateRunId(Input, variable);
            }
            catch (TaskInputException ex)
            {
                throw new TaskFailedException($"The variable {Variable} (used because the input '{Input}' is empty) {ex.Problem}");
            }

            return variable;
        }

        return required
            ? throw new TaskInputException(Input, $"is empty, and the variable {Variable} is not set: give the id of the Port action run, e.g. ${{{{ parameters.<webhook>.port_context.runId }}}} from the payload Port sent (it starts with 'r_').")
            : null;
    }
}
