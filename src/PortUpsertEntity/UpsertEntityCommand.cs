using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>Writes one entity, or a file of them through Port's bulk route, and sets the output variables.</summary>
public sealed class UpsertEntityCommand(UpsertEntityInputs inputs, PortClient client, AgentCommands agent)
{
    /// <summary>Per-entity errors shown one by one; the rest are counted.</summary>
    private const int MaxErrorsShown = 10;

    public Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken) =>
        inputs.IsBulk ? UpsertFileAsync(cancellationToken) : UpsertOneAsync(inputs.Entity!, cancellationToken);

    private async Task<TaskOutcome> UpsertOneAsync(JsonObject entity, CancellationToken cancellationToken)
    {
        var name = (string?)(entity["identifier"] as JsonValue) ?? "(Port generates the identifier)";
        agent.BeginGroup($"Upsert {inputs.Blueprint}/{name} ({Describe(inputs.Options)})");
        JsonObject stored;
        try
        {
            agent.Debug($"Entity sent: {entity.ToJsonString()}");
            stored = await client.UpsertEntityAsync(inputs.Blueprint, entity, inputs.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (PortApiException ex) when (EntityRejection.For(ex, inputs.Blueprint, inputs.Options.RunId) is { } rejection)
        {
            throw rejection;
        }
        finally
        {
            agent.EndGroup();
        }

        var identifier = (string?)stored["identifier"] ?? name;
        agent.SetOutput("identifier", identifier);
        agent.SetOutput("entity", stored.ToJsonString());
        var verb = inputs.Options.ValidationOnly ? "Port validated" : "Port now holds";
        return TaskOutcome.Succeeded($"{verb} entity '{identifier}' in blueprint '{inputs.Blueprint}'.");
    }

    private async Task<TaskOutcome> UpsertFileAsync(CancellationToken cancellationToken)
    {
        var entities = inputs.FileEntities;
        agent.BeginGroup($"Bulk upsert of {entities.Count} entities from {Path.GetFileName(inputs.EntitiesFile)} into {inputs.Blueprint} ({Describe(inputs.Options)})");
        BulkUpsertResult result;
        try
        {
            result = await client.BulkUpsertEntitiesAsync(inputs.Blueprint, entities, inputs.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (PortApiException ex) when (EntityRejection.For(ex, inputs.Blueprint, inputs.Options.RunId) is { } rejection)
        {
            throw rejection;
        }
        finally
        {
            agent.EndGroup();
        }

        var identifiers = new JsonArray(result.Entities.Select(e => (JsonNode?)(e.Identifier ?? (string?)entities[e.Index]["identifier"])).ToArray());
        agent.SetOutput("identifiers", identifiers.ToJsonString());
        agent.SetOutput("upsertedCount", result.Entities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        agent.SetOutput("failedCount", result.Errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var error in result.Errors.Take(MaxErrorsShown))
        {
            agent.Error($"Entity {error.Index + 1} ('{error.Identifier ?? (string?)entities[error.Index]["identifier"]}'): Port answered {error.StatusCode} {error.Error}: {error.Message}");
        }

        if (result.Errors.Count > MaxErrorsShown)
        {
            agent.Error($"… and {result.Errors.Count - MaxErrorsShown} more entities failed.");
        }

        var summary = $"{result.Entities.Count} of {entities.Count} entities upserted into '{inputs.Blueprint}', {result.Errors.Count} failed.";
        return result.Errors.Count == 0 ? TaskOutcome.Succeeded(summary) : new TaskOutcome(TaskResult.Failed, summary);
    }

    private static string Describe(UpsertEntityOptions options) =>
        (options.Mode == UpsertMode.Merge ? "merge" : "replace")
        + (options.ValidationOnly ? ", validation only" : "")
        + (options.CreateMissingRelatedEntities ? ", creating missing related entities" : "")
        + (options.RunId is { } run ? $", run {run}" : "");
}
