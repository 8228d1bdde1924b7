using System.Text.Json.Nodes;
using Port.Emulator.Validation;

namespace Port.Emulator.State;

/// <summary>Port's blueprint routes: create, read, list, replace (PUT), update (PATCH), delete.</summary>
public sealed class BlueprintService(PortState state, TimeProvider clock)
{
    /// <summary>What Port fills in when a blueprint leaves it out.</summary>
    private static readonly string[] EmptyObjects = ["relations", "calculationProperties", "mirrorProperties", "aggregationProperties"];

    public List<JsonObject> List()
    {
        lock (state.Gate)
        {
            return state.Blueprints.Values.Select(b => (JsonObject)b.DeepClone()).ToList();
        }
    }

    public JsonObject Get(string identifier)
    {
        lock (state.Gate)
        {
            return (JsonObject)Find(identifier).DeepClone();
        }
    }

    public JsonObject Create(JsonObject body, string user)
    {
        lock (state.Gate)
        {
            var identifier = body["identifier"] is JsonValue v && v.TryGetValue<string>(out var id)
                ? id
                : throw PortError.Invalid("The json provided does not match the route's schema: \"identifier\" is required and must be a string");
            var blueprint = Prepared(identifier, body);
            if (state.Blueprints.ContainsKey(identifier))
            {
                throw new PortError(409, "identifier_taken", $"A blueprint with the identifier \"{identifier}\" already exists");
            }

            Authorship.Stamp(blueprint, null, user, PortTime.Now(clock));
            state.Blueprints[identifier] = blueprint;
            Audit("CREATE", identifier, null, blueprint, user);
            return (JsonObject)blueprint.DeepClone();
        }
    }

    /// <summary>PUT replaces the whole blueprint; PATCH changes the top-level fields sent. The identifier comes from the route.</summary>
    public JsonObject Update(string identifier, JsonObject body, bool merge, string user)
    {
        lock (state.Gate)
        {
            var existing = Find(identifier);
            if (body["identifier"] is { } sent && (string?)sent != identifier)
            {
                throw PortError.Invalid($"The identifier in the body (\"{(string?)sent}\") differs from the one in the route (\"{identifier}\")");
            }

            var merged = merge ? (JsonObject)existing.DeepClone() : [];
            foreach (var (key, value) in body)
            {
                merged[key] = value?.DeepClone();
            }

            var blueprint = Prepared(identifier, merged);
            Authorship.Stamp(blueprint, existing, user, PortTime.Now(clock));
            state.Blueprints[identifier] = blueprint;
            Audit("UPDATE", identifier, existing, blueprint, user);
            return (JsonObject)blueprint.DeepClone();
        }
    }

    /// <summary>
    /// Port deletes a blueprint only when nothing depends on it: no entities, no other blueprint relating to it, and its
    /// self-service actions only with <paramref name="deleteActions"/>. The system blueprints stay.
    /// </summary>
    /// <returns>The actions deleted with it.</returns>
    public List<string> Delete(string identifier, bool deleteActions, string user)
    {
        lock (state.Gate)
        {
            var blueprint = Find(identifier);
            if (SystemBlueprints.Contains(identifier))
            {
                throw PortError.Invalid($"The blueprint \"{identifier}\" is one of Port's system blueprints and cannot be deleted");
            }

            if (state.EntitiesOf(identifier).Count is > 0 and var count)
            {
                throw new PortError(422, "has_dependents", $"The blueprint \"{identifier}\" has {count} entities; delete them first");
            }

            if (state.Blueprints.Values.FirstOrDefault(b => (string?)b["identifier"] != identifier && Targets(b, identifier)) is { } relating)
            {
                throw new PortError(422, "has_dependents", $"The blueprint \"{(string?)relating["identifier"]}\" has a relation to \"{identifier}\"; remove it first");
            }

            var actions = state.Actions.Values.Where(a => (string?)a["trigger"]?["blueprintIdentifier"] == identifier).Select(a => (string)a["identifier"]!).ToList();
            if (actions.Count > 0 && !deleteActions)
            {
                throw new PortError(422, "has_dependents", $"The blueprint \"{identifier}\" has the actions {string.Join(", ", actions)}; pass delete_actions=true to delete them too");
            }

            var now = PortTime.Now(clock);
            foreach (var action in actions)
            {
                state.Audit.Record(AuditLog.Action, "DELETE", AuditLog.Context(identifier, action: action), ActionService.AsPortHasIt(state.Actions[action]), null, user, now);
                state.Actions.Remove(action);
            }

            state.Blueprints.Remove(identifier);
            state.Entities.Remove(identifier);
            Audit("DELETE", identifier, blueprint, null, user);
            return actions;
        }
    }

    private void Audit(string action, string identifier, JsonObject? before, JsonObject? after, string user) =>
        state.Audit.Record(AuditLog.Blueprint, action, AuditLog.Context(identifier), before, after, user, PortTime.Now(clock));

    private JsonObject Find(string identifier) =>
        state.Blueprints.TryGetValue(identifier, out var blueprint)
            ? blueprint
            : throw PortError.NotFound($"Blueprint with identifier \"{identifier}\" not found");

    /// <summary>A validated copy of the body with Port's defaults, as it will be stored.</summary>
    private JsonObject Prepared(string identifier, JsonObject body)
    {
        BlueprintValidator.Validate(identifier, body, state.Blueprints.ContainsKey);
        var blueprint = (JsonObject)body.DeepClone();
        blueprint["identifier"] = identifier;
        var schema = (JsonObject)blueprint["schema"]!;
        schema["required"] ??= new JsonArray();
        foreach (var key in EmptyObjects)
        {
            blueprint[key] ??= new JsonObject();
        }

        return blueprint;
    }

    private static bool Targets(JsonObject blueprint, string target) =>
        (blueprint["relations"] as JsonObject ?? []).Any(r => (string?)r.Value?["target"] == target);
}
