using System.Globalization;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.GetEntity;

/// <summary>Reads one entity or searches many, and sets the output variables.</summary>
public sealed class GetEntityCommand(GetEntityInputs inputs, PortClient client, IStepHost agent) : ITaskCommand
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

    /// <summary>
    /// Every match, page by page for one blueprint (Port's search across blueprints answers in one go), streamed to
    /// <c>outputFile</c> or a file of the task's own; only the matches that fit the <c>entities</c> output stay in memory.
    /// </summary>
    private async Task<TaskOutcome> SearchAsync(CancellationToken cancellationToken)
    {
        var path = inputs.OutputFile ?? agent.NewOutputFile("entities", ".json");
        SearchResultFile file;
        agent.BeginGroup(inputs.Blueprint is { } bp ? $"Search blueprint {bp}" : "Search all blueprints");
        try
        {
            using (file = new SearchResultFile(path))
            {
                if (inputs.Blueprint is { } blueprint)
                {
                    string? next = null;
                    do
                    {
                        var page = await client.SearchBlueprintEntitiesPageAsync(blueprint, inputs.Query, Options, 1000, next, cancellationToken).ConfigureAwait(false);
                        foreach (var entity in page.Entities)
                        {
                            file.Add(entity);
                        }

                        next = page.Next;
                        agent.Debug($"{file.Count} matches so far.");
                    }
                    while (next is not null);
                }
                else
                {
                    foreach (var entity in await client.SearchEntitiesAsync(inputs.Query!, Options, cancellationToken).ConfigureAwait(false))
                    {
                        file.Add(entity);
                    }
                }

                file.Complete();
            }
        }
        finally
        {
            agent.EndGroup();
        }

        agent.SetOutput("count", file.Count.ToString(CultureInfo.InvariantCulture));
        if (file.AllFit)
        {
            agent.SetOutput("entities", file.Fitting);
            agent.SetOutput("entitiesFile", inputs.OutputFile ?? "");
            if (inputs.OutputFile is null)
            {
                File.Delete(path); // everything is in the output; no file to keep
            }
        }
        else
        {
            agent.SetOutputInFile("entities", path, file.Fitting, string.Format(CultureInfo.InvariantCulture, "the first {0:N0} of {1:N0} matches", file.FittingCount, file.Count),
                string.Format(CultureInfo.InvariantCulture, "would hold {0:N0} matches, more than", file.Count));
        }

        if (file.First is null)
        {
            return NotFound("The search matched no entity.");
        }

        agent.SetOutput("found", "true");
        EntityOutputs.Set(agent, file.First);
        var written = inputs.OutputFile is null ? "" : $" Every match is in {inputs.OutputFile}.";
        return TaskOutcome.Succeeded($"The search matched {file.Count} entit{(file.Count == 1 ? "y" : "ies")}; the first is '{(string?)file.First["identifier"]}'.{written}");
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
