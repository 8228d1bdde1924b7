using System.Text.Json.Nodes;
using Port.Emulator.Validation;

namespace Port.Emulator.State;

/// <summary>Which actions <c>GET /v1/actions</c> lists; an empty list matches any.</summary>
public sealed record ActionFilter(IReadOnlyList<string> Identifiers, IReadOnlyList<string> Blueprints, IReadOnlyList<string> Operations, string? TriggerType, bool? Published);

/// <summary>
/// Port's v1 actions: create, read, list, replace (PUT), delete. A self-service action created here runs through
/// <c>POST /v1/actions/{id}/runs</c> like a seeded one (without a play script: its backend reports the run).
/// </summary>
public sealed class ActionService(PortState state, TimeProvider clock)
{
    public List<JsonObject> List(ActionFilter filter)
    {
        lock (state.Gate)
        {
            return state.Actions.Values
                .Where(a => Matches(filter.Identifiers, (string?)a["identifier"]))
                .Where(a => Matches(filter.Blueprints, (string?)a["trigger"]?["blueprintIdentifier"]))
                .Where(a => Matches(filter.Operations, (string?)a["trigger"]?["operation"]))
                .Where(a => filter.TriggerType is null || (string?)a["trigger"]?["type"] == filter.TriggerType)
                .Where(a => filter.Published is null || ((bool?)a["publish"] ?? true) == filter.Published)
                .Select(AsPortHasIt)
                .ToList();
        }
    }

    public JsonObject Get(string identifier)
    {
        lock (state.Gate)
        {
            return AsPortHasIt(Find(identifier));
        }
    }

    public JsonObject Create(JsonObject body, string user)
    {
        lock (state.Gate)
        {
            ActionValidator.Validate(body, state.Blueprints.ContainsKey);
            var identifier = (string)body["identifier"]!;
            if (state.Actions.ContainsKey(identifier))
            {
                throw new PortError(409, "identifier_taken", $"An action with the identifier \"{identifier}\" already exists");
            }

            var action = (JsonObject)body.DeepClone();
            Authorship.Stamp(action, null, user, PortTime.Now(clock));
            state.Actions[identifier] = action;
            Audit("CREATE", null, action, user);
            return AsPortHasIt(action);
        }
    }

    /// <summary>PUT: the whole action again, under the identifier of the route.</summary>
    public JsonObject Replace(string identifier, JsonObject body, string user)
    {
        lock (state.Gate)
        {
            var existing = Find(identifier);
            ActionValidator.Validate(body, state.Blueprints.ContainsKey);
            if ((string)body["identifier"]! != identifier)
            {
                throw PortError.Invalid($"The identifier in the body (\"{(string?)body["identifier"]}\") differs from the one in the route (\"{identifier}\")");
            }

            var action = (JsonObject)body.DeepClone();
            Authorship.Stamp(action, existing, user, PortTime.Now(clock));
            state.Actions[identifier] = action;
            Audit("UPDATE", AsPortHasIt(existing), action, user);
            return AsPortHasIt(action);
        }
    }

    /// <summary>Its runs stay readable, as in Port (a run refers to its action by identifier and title).</summary>
    public void Delete(string identifier, string user)
    {
        lock (state.Gate)
        {
            var action = AsPortHasIt(Find(identifier));
            state.Actions.Remove(identifier);
            Audit("DELETE", action, null, user);
        }
    }

    private void Audit(string change, JsonObject? before, JsonObject? after, string user)
    {
        var action = (after ?? before)!;
        var context = AuditLog.Context((string?)action["trigger"]?["blueprintIdentifier"], action: (string?)action["identifier"]);
        state.Audit.Record(AuditLog.Action, change, context, before, after, user, PortTime.Now(clock));
    }

    /// <summary>A copy without the emulator's own <c>emulator</c> key (a seeded action's play script), which is no part of Port's action.</summary>
    public static JsonObject AsPortHasIt(JsonObject action)
    {
        var copy = (JsonObject)action.DeepClone();
        copy.Remove("emulator");
        return copy;
    }

    private JsonObject Find(string identifier) =>
        state.Actions.TryGetValue(identifier, out var action) ? action : throw PortError.NotFound($"Action with identifier \"{identifier}\" not found");

    private static bool Matches(IReadOnlyList<string> wanted, string? value) => wanted.Count == 0 || (value is not null && wanted.Contains(value));
}
