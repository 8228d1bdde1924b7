using System.Globalization;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.DeleteEntity;

/// <summary>
/// Deletes entities: one through <c>DELETE …/entities/{id}</c>, many (given, or what a search matches) through Port's
/// bulk delete, 100 a request. Deleting what is already gone is success unless failIfNotFound; a dry run lists what
/// would go and deletes nothing.
/// </summary>
public sealed class DeleteEntityCommand(DeleteEntityInputs inputs, PortClient client, IStepHost agent) : ITaskCommand
{
    /// <summary>Entities named one by one in the log; the rest are counted.</summary>
    private const int MaxListed = 10;

    private readonly List<string> _deleted = [];
    private int _targets;

    public string Progress => string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} entities of '{2}' were deleted before it stopped; the outputs hold those", _deleted.Count, _targets, inputs.Blueprint);

    public async Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        var options = new DeleteEntityOptions { DeleteDependents = inputs.DeleteDependents, RunId = inputs.RunId };
        IReadOnlyList<string> targets;
        agent.BeginGroup($"{(inputs.DryRun ? "Dry run: delete" : "Delete")} entities of {inputs.Blueprint} chosen by '{inputs.SelectedBy}'{(inputs.DeleteDependents ? ", with their dependents" : "")}");
        try
        {
            targets = await TargetsAsync(cancellationToken).ConfigureAwait(false);
            _targets = targets.Count;
            if (inputs.DryRun)
            {
                var existing = await ExistingAsync(targets, cancellationToken).ConfigureAwait(false);
                SetOutputs(existing, deletedCount: 0);
                agent.Info($"Would delete {existing.Count} entit{(existing.Count == 1 ? "y" : "ies")}: {Names(existing)}");
                return TaskOutcome.Succeeded($"Dry run: {existing.Count} entities of '{inputs.Blueprint}' would be deleted; nothing was.");
            }

            await DeleteAsync(targets, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SetOutputs(_deleted, _deleted.Count);
            throw;
        }
        finally
        {
            agent.EndGroup();
        }

        SetOutputs(_deleted, _deleted.Count);
        var missing = targets.Except(_deleted, StringComparer.Ordinal).ToList();
        var summary = $"Deleted {_deleted.Count} entit{(_deleted.Count == 1 ? "y" : "ies")} of '{inputs.Blueprint}'" +
            (missing.Count > 0 ? $"; {missing.Count} did not exist ({Names(missing)})." : ".");
        if (missing.Count > 0 && inputs.FailIfNotFound)
        {
            return TaskOutcome.Failed(summary + " Set 'failIfNotFound' to false to count deleting what is gone as success.");
        }

        return TaskOutcome.Succeeded(targets.Count == 0 ? $"The query matched no entity of '{inputs.Blueprint}'; nothing to delete." : summary);
    }

    /// <summary>The identifiers given, or those the search matches.</summary>
    private async Task<IReadOnlyList<string>> TargetsAsync(CancellationToken cancellationToken)
    {
        if (inputs.Query is null)
        {
            return inputs.Identifiers;
        }

        var matches = await client.SearchBlueprintEntitiesAsync(inputs.Blueprint, inputs.Query, new GetEntityOptions { Include = ["identifier"] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var identifiers = matches.Select(m => (string?)m["identifier"]).OfType<string>().Distinct().ToList();
        agent.Info($"The query matches {identifiers.Count} entit{(identifiers.Count == 1 ? "y" : "ies")}.");
        return identifiers;
    }

    private async Task DeleteAsync(IReadOnlyList<string> targets, DeleteEntityOptions options, CancellationToken cancellationToken)
    {
        if (targets.Count == 1 && inputs.Query is null)
        {
            try
            {
                await client.DeleteEntityAsync(inputs.Blueprint, targets[0], options, cancellationToken).ConfigureAwait(false);
                _deleted.Add(targets[0]);
            }
            catch (PortNotFoundException ex) when (ex.Subject == PortErrorSubject.Entity)
            {
                agent.Info($"'{targets[0]}' is not in '{inputs.Blueprint}': nothing to delete.");
            }

            return;
        }

        if (targets.Count > 0)
        {
            await client.BulkDeleteEntitiesAsync(inputs.Blueprint, targets, options, done =>
            {
                _deleted.AddRange(done);
                agent.Info(string.Format(CultureInfo.InvariantCulture, "Deleted {0:N0} of {1:N0}.", _deleted.Count, targets.Count));
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Which of the identifiers Port holds, for a dry run: a search by identifier, 100 at a time.</summary>
    private async Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        if (inputs.Query is not null)
        {
            return targets; // they are what the search found
        }

        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in targets.Chunk(PortClient.BulkDeleteChunkSize))
        {
            var query = new JsonObject
            {
                ["combinator"] = "and",
                ["rules"] = new JsonArray(new JsonObject { ["property"] = "$identifier", ["operator"] = "in", ["value"] = new JsonArray(chunk.Select(id => (JsonNode?)id).ToArray()) }),
            };
            var found = await client.SearchBlueprintEntitiesAsync(inputs.Blueprint, query, new GetEntityOptions { Include = ["identifier"] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
            existing.UnionWith(found.Select(f => (string?)f["identifier"]).OfType<string>());
        }

        return targets.Where(existing.Contains).ToList();
    }

    private void SetOutputs(IReadOnlyList<string> identifiers, int deletedCount)
    {
        agent.SetOutput("deletedCount", deletedCount.ToString(CultureInfo.InvariantCulture));
        agent.SetOutput("identifiers", new JsonArray(identifiers.Select(i => (JsonNode?)i).ToArray()).ToJsonString(), JsonOutputs.FirstItems);
    }

    private static string Names(IReadOnlyList<string> identifiers) =>
        identifiers.Count == 0 ? "none" : string.Join(", ", identifiers.Take(MaxListed).Select(i => $"'{i}'")) + (identifiers.Count > MaxListed ? $" and {identifiers.Count - MaxListed} more" : "");
}
