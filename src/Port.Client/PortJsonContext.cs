using System.Text.Json.Serialization;
using Port.Client.Models;

namespace Port.Client;

internal sealed record AccessTokenRequest(
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clientSecret")] string ClientSecret);

internal sealed record AccessTokenResponse(
    [property: JsonPropertyName("accessToken")] string? AccessToken,
    [property: JsonPropertyName("expiresIn")] double? ExpiresIn);

internal sealed record PortErrorBody(
    [property: JsonPropertyName("ok")] bool? Ok,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("message")] string? Message);

internal sealed record BulkUpsertResponse(
    [property: JsonPropertyName("entities")] List<BulkEntityResult>? Entities,
    [property: JsonPropertyName("errors")] List<BulkEntityError>? Errors);

/// <summary>Source-generated (de)serialisation: no reflection, so the client stays NativeAOT-clean.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessTokenRequest))]
[JsonSerializable(typeof(AccessTokenResponse))]
[JsonSerializable(typeof(PortErrorBody))]
[JsonSerializable(typeof(BulkUpsertResponse))]
[JsonSerializable(typeof(RunUpdate))]
[JsonSerializable(typeof(RunLogEntry))]
internal sealed partial class PortJsonContext : JsonSerializerContext;
