using System.Globalization;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Tasks.Common;

namespace Port.Tasks.CreateRun;

/// <summary>The inputs of PortCreateRun@1: which action to start, on which entity, with which inputs, and whether to wait.</summary>
public sealed record CreateRunInputs(
    PortConnection Connection,
    string Action,
    string? Entity,
    JsonObject Properties,
    bool WaitForCompletion,
    TimeSpan Timeout,
    bool FailIfRunFails) : ITaskInputs<CreateRunInputs>
{
    public const string PropertiesExample = """{"environment": "staging", "version": "$(Build.BuildNumber)"}""";

    /// <summary>The longest wait: a day, well past any hosted job's own timeout.</summary>
    public const double MaxTimeoutMinutes = 1440;

    public InputBlame? Blame(PortErrorSubject subject) => subject switch
    {
        PortErrorSubject.Action => new("action", Action),
        PortErrorSubject.Entity => new("entity", Entity),
        PortErrorSubject.Property => new("properties"),
        _ => null,
    };

    public static CreateRunInputs Parse(TaskInputReader inputs)
    {
        var action = inputs.RequiredString("action", "the identifier of the self-service action to run, for example 'deploy_service'");
        if (!PortIdentifier.IsValidBlueprint(action))
        {
            throw new TaskInputException("action", $"is '{action}', which is not a Port action identifier: use letters, digits and @ _ = -, for example 'deploy_service' (Port > Self-service > the action's identifier).");
        }

        var entity = inputs.String("entity");
        if (entity is not null)
        {
            PortIdentifier.ValidateEntity("entity", entity);
        }

        var properties = inputs.JsonObject("properties", PropertiesExample) ?? [];
        var wait = inputs.Bool("waitForCompletion", false);
        var timeoutText = inputs.String("timeoutMinutes") ?? "60";
        if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) || minutes <= 0 || minutes > MaxTimeoutMinutes)
        {
            throw new TaskInputException("timeoutMinutes", $"is '{timeoutText}'; use a number of minutes above 0 and at most {MaxTimeoutMinutes}, such as 60 or 0.5.");
        }

        return new CreateRunInputs(PortConnectionResolver.Resolve(inputs), action, entity, properties, wait,
            TimeSpan.FromMinutes(minutes), inputs.Bool("failIfRunFails", true));
    }
}
