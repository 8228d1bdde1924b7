using System.Text.Json.Nodes;

namespace Port.AzureDevOps;

/// <summary>
/// One record of a build's timeline (Stage → Phase → Job → Task, linked by <see cref="ParentId"/>), with the fields a
/// failure report needs. <see cref="Result"/> is null while the record runs.
/// </summary>
public sealed record TimelineRecord(
    string Id,
    string? ParentId,
    string Type,
    string Name,
    string? State,
    string? Result,
    int Order,
    string? LogUrl,
    IReadOnlyList<string> Errors)
{
    public bool Failed => Result is "failed";

    public static TimelineRecord FromJson(JsonObject json) => new(
        (string?)json["id"] ?? "",
        (string?)json["parentId"],
        (string?)json["type"] ?? "",
        (string?)json["name"] ?? "",
        (string?)json["state"],
        (string?)json["result"],
        json["order"] is JsonValue order && order.TryGetValue<int>(out var o) ? o : 0,
        (string?)json["log"]?["url"],
        (json["issues"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => string.Equals((string?)i["type"], "error", StringComparison.OrdinalIgnoreCase))
            .Select(i => (string?)i["message"] ?? "").Where(m => m.Length > 0).ToList());
}

/// <summary>A commit or changeset associated with a build; <see cref="Timestamp"/> is null when Azure DevOps gave none.</summary>
public sealed record BuildChange(string Id, DateTimeOffset? Timestamp, string? Message);
