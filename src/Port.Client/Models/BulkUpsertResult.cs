using System.Text.Json.Serialization;

namespace Port.Client.Models;

/// <summary>One entity Port accepted in a bulk upsert; <see cref="Index"/> is its position in the caller's whole list.</summary>
public sealed record BulkEntityResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("identifier")] string? Identifier,
    [property: JsonPropertyName("created")] bool Created);

/// <summary>One entity Port rejected in a bulk upsert; <see cref="Index"/> is its position in the caller's whole list.</summary>
public sealed record BulkEntityError(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("identifier")] string? Identifier,
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>The outcome of a bulk upsert, every chunk merged, ordered by index.</summary>
public sealed record BulkUpsertResult(IReadOnlyList<BulkEntityResult> Entities, IReadOnlyList<BulkEntityError> Errors)
{
    /// <summary>
    /// After a cancel: how many entities were in requests Port had not answered when the call stopped waiting, so Port
    /// may have written any of them or none. They are in neither <see cref="Entities"/> nor <see cref="Errors"/>.
    /// </summary>
    public int Unanswered { get; init; }
}
