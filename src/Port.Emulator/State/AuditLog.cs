using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>What <c>GET /v1/audit-log</c> asks for; every filter given must match (Port ANDs them). Null or empty: any.</summary>
public sealed record AuditQuery
{
    public string? Identifier { get; init; }

    public string? Entity { get; init; }

    public string? Blueprint { get; init; }

    public string? RunId { get; init; }

    public IReadOnlyList<string> Resources { get; init; } = [];

    public IReadOnlyList<string> Origins { get; init; } = [];

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Action { get; init; }

    public string? Status { get; init; }

    public int? Limit { get; init; }
}

/// <summary>
/// Port's audit log: a record for every change of an entity, blueprint, action or action run made through the API,
/// with who made it, the context (blueprint, entity, action, run) and the diff. Newest first, as Port lists it.
/// Only changes that succeeded are recorded; a refused request leaves no record.
/// </summary>
public sealed class AuditLog
{
    public const string Entity = "entity";
    public const string Blueprint = "blueprint";
    public const string Action = "action";
    public const string Run = "run";

    /// <summary>The organization every emulated user belongs to.</summary>
    public const string OrganizationId = "org_emulator";

    private readonly List<JsonObject> _records = [];

    /// <param name="context">Which blueprint, entity, action or run the change concerns; see <see cref="Context"/>.</param>
    public void Record(string resourceType, string action, JsonObject context, JsonNode? before, JsonNode? after, string user, string at)
    {
        var record = new JsonObject
        {
            ["identifier"] = "audit_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
            ["action"] = action,
            ["resourceType"] = resourceType,
            ["status"] = "SUCCESS",
            ["trigger"] = new JsonObject
            {
                ["by"] = new JsonObject { ["orgId"] = OrganizationId, ["userId"] = user },
                ["origin"] = "API",
                ["at"] = at,
            },
            ["context"] = context,
            ["diff"] = new JsonObject { ["before"] = before?.DeepClone(), ["after"] = after?.DeepClone() },
            ["additionalData"] = new JsonObject(),
        };
        lock (_records)
        {
            _records.Add(record);
        }
    }

    /// <summary>A record's context: the keys given, none of the nulls.</summary>
    public static JsonObject Context(string? blueprint = null, string? entity = null, string? action = null, string? runId = null)
    {
        var context = new JsonObject();
        foreach (var (key, value) in new[] { ("blueprint", blueprint), ("entity", entity), ("action", action), ("runId", runId) })
        {
            if (value is not null)
            {
                context[key] = value;
            }
        }

        return context;
    }

    public List<JsonObject> Query(AuditQuery query)
    {
        lock (_records)
        {
            return Enumerable.Reverse(_records)
                .Where(r => Is(query.Identifier, r["identifier"]))
                .Where(r => Is(query.Entity, r["context"]?["entity"]) && Is(query.Blueprint, r["context"]?["blueprint"]) && Is(query.RunId, r["context"]?["runId"]))
                .Where(r => Is(query.Action, r["action"]) && Is(query.Status, r["status"]))
                .Where(r => AnyOf(query.Resources, r["resourceType"]) && AnyOf(query.Origins, r["trigger"]?["origin"]))
                .Where(r => Within(query, DateTimeOffset.Parse((string)r["trigger"]!["at"]!, System.Globalization.CultureInfo.InvariantCulture)))
                .Take(query.Limit ?? int.MaxValue)
                .Select(r => (JsonObject)r.DeepClone())
                .ToList();
        }
    }

    public JsonArray ToJson()
    {
        lock (_records)
        {
            return new JsonArray(_records.Select(r => (JsonNode)r.DeepClone()).ToArray());
        }
    }

    /// <summary>Replaces every record (a reset, or a saved state loaded).</summary>
    public void Load(IEnumerable<JsonObject> records)
    {
        lock (_records)
        {
            _records.Clear();
            _records.AddRange(records);
        }
    }

    private static bool Is(string? wanted, JsonNode? value) => wanted is null || (string?)value == wanted;

    private static bool AnyOf(IReadOnlyList<string> wanted, JsonNode? value) => wanted.Count == 0 || wanted.Contains((string?)value ?? "");

    private static bool Within(AuditQuery query, DateTimeOffset at) => (query.From is null || at >= query.From) && (query.To is null || at <= query.To);
}
