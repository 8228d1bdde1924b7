using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Port.Emulator.Validation.JsonShape;

namespace Port.Emulator.Validation;

/// <summary>
/// Checks an action body against Port's v1 actions schema (<c>POST</c>/<c>PUT /v1/actions</c>): a self-service trigger
/// (operation, blueprint, user inputs) or an automation, and an invocation method with the fields its type needs.
/// </summary>
public static partial class ActionValidator
{
    private static readonly HashSet<string> ActionKeys =
        ["identifier", "title", "icon", "description", "trigger", "invocationMethod", "requiredApproval", "approvalNotification", "publish", "allowAnyoneToViewRuns"];

    private static readonly HashSet<string> SelfServiceKeys =
        ["type", "operation", "blueprintIdentifier", "userInputs", "actionCardButtonText", "executeActionButtonText", "condition"];

    private static readonly HashSet<string> AutomationKeys = ["type", "event", "condition"];

    private static readonly HashSet<string> Operations = ["CREATE", "DAY-2", "DELETE"];

    /// <summary>Each invocation type and the fields it needs besides <c>type</c>.</summary>
    private static readonly Dictionary<string, string[]> InvocationFields = new()
    {
        ["KAFKA"] = [],
        ["WEBHOOK"] = ["url"],
        ["GITHUB"] = ["org", "repo", "workflow"],
        ["GITLAB"] = ["projectName", "groupName"],
        ["AZURE_DEVOPS"] = ["webhook", "org"],
        ["INTEGRATION_ACTION"] = ["installationId", "integrationActionType", "integrationActionExecutionProperties"],
        ["UPSERT_ENTITY"] = ["blueprintIdentifier", "mapping"],
    };

    [GeneratedRegex(@"^(?!\.{1,2}$)[\p{L}0-9@_.+:=-]+$")]
    private static partial Regex IdentifierPattern();

    /// <param name="blueprintExists">For the trigger's <c>blueprintIdentifier</c>.</param>
    public static void Validate(JsonObject action, Func<string, bool> blueprintExists)
    {
        RequireKnownKeys(action, ActionKeys);
        if (!IsString(action["identifier"]) || !IdentifierPattern().IsMatch((string)action["identifier"]!))
        {
            throw SchemaError("\"identifier\" is required: letters, digits and @ _ . + : = -");
        }

        foreach (var text in new[] { "title", "icon", "description" })
        {
            if (action[text] is { } value && !IsString(value))
            {
                throw SchemaError($"\"{text}\" must be a string");
            }
        }

        if (action["publish"] is { } publish && publish.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw SchemaError("\"publish\" must be a boolean");
        }

        ValidateTrigger(action["trigger"] as JsonObject ?? throw SchemaError("\"trigger\" is required and must be an object"), blueprintExists);
        ValidateInvocation(action["invocationMethod"] as JsonObject ?? throw SchemaError("\"invocationMethod\" is required and must be an object"));
    }

    private static void ValidateTrigger(JsonObject trigger, Func<string, bool> blueprintExists)
    {
        switch ((string?)(trigger["type"] as JsonValue))
        {
            case "self-service":
                RequireKnownKeys(trigger, SelfServiceKeys, "trigger.");
                if (!IsString(trigger["operation"]) || !Operations.Contains((string)trigger["operation"]!))
                {
                    throw SchemaError("\"trigger.operation\" must be CREATE, DAY-2 or DELETE");
                }

                if (trigger["blueprintIdentifier"] is { } blueprint && !(IsString(blueprint) && blueprintExists((string)blueprint!)))
                {
                    throw IsString(blueprint)
                        ? PortError.NotFound($"Blueprint with identifier \"{(string)blueprint!}\" not found")
                        : SchemaError("\"trigger.blueprintIdentifier\" must be a string");
                }

                ValidateUserInputs(trigger["userInputs"] as JsonObject ?? throw SchemaError("\"trigger.userInputs\" is required and must be an object"));
                break;
            case "automation":
                RequireKnownKeys(trigger, AutomationKeys, "trigger.");
                _ = trigger["event"] as JsonObject ?? throw SchemaError("\"trigger.event\" is required and must be an object");
                break;
            default:
                throw SchemaError("\"trigger.type\" must be \"self-service\" or \"automation\"");
        }
    }

    private static void ValidateUserInputs(JsonObject userInputs)
    {
        if (userInputs["properties"] is { } properties && properties is not JsonObject)
        {
            throw SchemaError("\"trigger.userInputs.properties\" must be an object");
        }

        foreach (var (key, input) in userInputs["properties"] as JsonObject ?? [])
        {
            if (!EntityValidator.PropertyKeyPattern().IsMatch(key) || input is not JsonObject)
            {
                throw SchemaError($"\"trigger.userInputs.properties.{key}\" must be an object under a key matching ^[A-Za-z0-9@_=\\-]+$");
            }
        }

        // "required" is a list of inputs, or a jq expression object Port evaluates; the emulator checks only the list.
        if (userInputs["required"] is JsonArray required && !required.All(IsString))
        {
            throw SchemaError("\"trigger.userInputs.required\" must list input identifiers");
        }
    }

    private static void ValidateInvocation(JsonObject invocation)
    {
        var type = (string?)(invocation["type"] as JsonValue);
        if (type is null || !InvocationFields.TryGetValue(type, out var fields))
        {
            throw SchemaError($"\"invocationMethod.type\" must be one of {string.Join(", ", InvocationFields.Keys)}");
        }

        if (fields.FirstOrDefault(f => invocation[f] is null) is { } missing)
        {
            throw SchemaError($"\"invocationMethod.{missing}\" is required for the type {type}");
        }
    }
}
