using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Port.Client.Models;

/// <summary>Statuses of a Port action run.</summary>
public static class RunStatus
{
    public const string InProgress = "IN_PROGRESS";
    public const string Success = "SUCCESS";
    public const string Failure = "FAILURE";
    public const string WaitingForApproval = "WAITING_FOR_APPROVAL";
    public const string Declined = "DECLINED";
}

/// <summary>An action run as <c>GET /v1/actions/runs/{id}?version=v2</c> returns it; <see cref="Raw"/> keeps every field.</summary>
public sealed record ActionRun(string Id, string? Status, string? StatusLabel, string? Summary, string? ExternalRunId, JsonObject Raw)
{
    public static ActionRun FromJson(JsonObject run) => new(
        (string?)run["id"] ?? "",
        (string?)run["status"],
        (string?)run["statusLabel"],
        (string?)run["summary"],
        (string?)run["externalRunId"],
        run);
}

/// <summary>Body of <c>PATCH /v1/actions/runs/{id}</c>; null fields are left as they are.</summary>
public sealed record RunUpdate
{
    /// <summary><c>SUCCESS</c> or <c>FAILURE</c> ends the run; null keeps it in progress.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("statusLabel")]
    public string? StatusLabel { get; init; }

    /// <summary>A URL string, or an array of them.</summary>
    [JsonPropertyName("link")]
    public JsonNode? Link { get; init; }

    [JsonPropertyName("summary")]
    public string? Summary { get; init; }

    [JsonPropertyName("externalRunId")]
    public string? ExternalRunId { get; init; }

    [JsonIgnore]
    public bool IsEmpty => Status is null && StatusLabel is null && Link is null && Summary is null && ExternalRunId is null;
}

/// <summary>Body of <c>POST /v1/actions/runs/{id}/logs</c>.</summary>
public sealed record RunLogEntry
{
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary><c>SUCCESS</c> or <c>FAILURE</c> ends the run with this log.</summary>
    [JsonPropertyName("terminationStatus")]
    public string? TerminationStatus { get; init; }

    [JsonPropertyName("statusLabel")]
    public string? StatusLabel { get; init; }
}
