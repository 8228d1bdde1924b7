using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>
/// Everything the emulator holds, in memory: credentials, blueprints, entities, action runs and their logs.
/// Callers take <see cref="Gate"/> around any read-modify-write.
/// </summary>
public sealed class PortState
{
    public object Gate { get; } = new();

    public List<(string ClientId, string ClientSecret)> Credentials { get; } = [];

    public Dictionary<string, JsonObject> Blueprints { get; } = new(StringComparer.Ordinal);

    /// <summary>Blueprint identifier → entity identifier → entity, in insertion order.</summary>
    public Dictionary<string, Dictionary<string, JsonObject>> Entities { get; } = new(StringComparer.Ordinal);

    /// <summary>Self-service actions, by identifier: what <c>POST /v1/actions/{id}/runs</c> starts.</summary>
    public Dictionary<string, JsonObject> Actions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonObject> Runs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<JsonObject>> RunLogs { get; } = new(StringComparer.Ordinal);

    public AuditLog Audit { get; } = new();

    public Dictionary<string, JsonObject> EntitiesOf(string blueprint) =>
        Entities.TryGetValue(blueprint, out var entities) ? entities : Entities[blueprint] = new(StringComparer.Ordinal);

    public IEnumerable<JsonObject> AllEntities() => Entities.Values.SelectMany(e => e.Values);

    /// <summary>Loads a seed or saved state: <c>{credentials, blueprints, entities, actions, runs, runLogs, audit}</c>.</summary>
    public static PortState FromJson(JsonObject json)
    {
        var state = new PortState();
        foreach (var credential in Objects(json["credentials"]))
        {
            state.Credentials.Add(((string?)credential["clientId"] ?? "", (string?)credential["clientSecret"] ?? ""));
        }

        foreach (var blueprint in Objects(json["blueprints"]))
        {
            state.Blueprints[(string)blueprint["identifier"]!] = blueprint;
        }

        SystemBlueprints.AddMissing(state);

        foreach (var entity in Objects(json["entities"]))
        {
            var blueprint = (string)entity["blueprint"]!;
            entity["createdAt"] ??= "2026-01-01T00:00:00.000Z";
            entity["updatedAt"] ??= entity["createdAt"]!.DeepClone();
            state.EntitiesOf(blueprint)[(string)entity["identifier"]!] = entity;
        }

        foreach (var action in Objects(json["actions"]))
        {
            state.Actions[(string)action["identifier"]!] = action;
        }

        foreach (var run in Objects(json["runs"]))
        {
            state.Runs[(string)run["id"]!] = run;
        }

        if (json["runLogs"] is JsonObject logs)
        {
            foreach (var (runId, entries) in logs)
            {
                state.RunLogs[runId] = Objects(entries).ToList();
            }
        }

        state.Audit.Load(Objects(json["audit"]));
        return state;
    }

    public JsonObject ToJson()
    {
        lock (Gate)
        {
            var logs = new JsonObject();
            foreach (var (runId, entries) in RunLogs)
            {
                logs[runId] = Array(entries);
            }

            return new JsonObject
            {
                ["credentials"] = new JsonArray(Credentials.Select(c => (JsonNode)new JsonObject { ["clientId"] = c.ClientId, ["clientSecret"] = c.ClientSecret }).ToArray()),
                ["blueprints"] = Array(Blueprints.Values),
                ["entities"] = Array(AllEntities()),
                ["actions"] = Array(Actions.Values),
                ["runs"] = Array(Runs.Values),
                ["runLogs"] = logs,
                ["audit"] = Audit.ToJson(),
            };
        }
    }

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i.DeepClone()).ToArray());

    private static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()) : [];
}
