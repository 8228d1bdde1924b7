using System.Globalization;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.GetEntity;

/// <summary>Reads one entity or searches many, and sets the output variables.</summary>
public sealed class GetEntityCommand(GetEntityInputs inputs, PortClient client, AgentCommands agent) : ITaskCommand
{
    public string Progress => "it only reads from Port, so nothing was changed";

    public Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken) =>
        inputs.Query is null ? GetOneAsync(cancellationToken) : SearchAsync(cancellationToken);

    private GetEntityOptions Options => new() { Include = inputs.Include, Exclude = inputs.Exclude };

    private async Task<TaskOutcome> GetOneAsync(CancellationToken cancellationToken)
    {
        var blueprint = inputs.Blueprint!;
        var identifier = inputs.Identifier!;
        JsonObject entity;
        agent.BeginGroup($"Read {blueprint}/{identifier}");
        try
        {
            entity = await client.GetEntityAsync(blueprint, identifier, Options, cancellationToken).ConfigureAwait(false);
        }
        catch (PortNotFoundException ex) when (ex.Subject == PortErrorSubject.Entity)
        {
            return NotFound($"Port has no entity '{identifier}' in blueprint '{blueprint}' ({ex.Message}).");
        }
        finally
        {
            agent.EndGroup();
        }

        agent.SetOutput("found", "true");
        EntityOutputs.Set(agent, entity, identifier);
        return TaskOutcome.Succeeded($"Read entity '{identifier}' of blueprint '{blueprint}'.");
    }

    private async Task<TaskOutcome> SearchAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<JsonObject> entities;
        agent.BeginGroup(inputs.Blueprint is { } bp ? $"Search blueprint {bp}" : "Search all blueprints");
        try
        {
            entities = inputs.Blueprint is { } blueprint
                ? await client.SearchBlueprintEntitiesAsync(blueprint, inputs.Query, Options, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.SearchEntitiesAsync(inputs.Query!, Options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            agent.EndGroup();
        }

        agent.SetOutput("count", entities.Count.ToString(CultureInfo.InvariantCulture));
        agent.SetOutput("entities", new JsonArray(entities.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString(), JsonOutputs.FirstItems);
        if (entities.Count == 0)
        {
            return NotFound("The search matched no entity.");
        }

        agent.SetOutput("found", "true");
        EntityOutputs.Set(agent, entities[0]);
        return TaskOutcome.Succeeded($"The search matched {entities.Count} entit{(entities.Count == 1 ? "y" : "ies")}; the first is '{(string?)entities[0]["identifier"]}'.");
    }

    private TaskOutcome NotFound(string message)
    {
        agent.SetOutput("found", "false");
        if (inputs.FailIfNotFound)
        {
            return new TaskOutcome(TaskResult.Failed, message + " Set 'failIfNotFound' to false to go on without it.");
        }

        agent.Info(message);
        return TaskOutcome.Succeeded(message);
    }
}
