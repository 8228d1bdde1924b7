using System.Globalization;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>Writes one entity, or a file of them through Port's bulk route, and sets the output variables.</summary>
public sealed class UpsertEntityCommand(UpsertEntityInputs inputs, PortClient client, AgentCommands agent) : ITaskCommand
{
    /// <summary>Per-entity errors shown one by one; the rest are counted.</summary>
    private const int MaxErrorsShown = 10;

    /// <summary>How often a bulk import says how far it is.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    private readonly List<BulkEntityResult> _written = [];
    private readonly List<BulkEntityError> _rejected = [];
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private TimeSpan _lastProgress;

    public string Progress => inputs.IsBulk
        ? string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} entities were written into '{2}' before it stopped ({3:N0} rejected); the outputs hold those", _written.Count, inputs.FileEntities.Count, inputs.Blueprint, _rejected.Count)
        : $"the upsert of one entity into '{inputs.Blueprint}' was sent, and Port may or may not have written it";

    /// <summary>The write options: the inputs', less the tie to a run that PORT_RUN_ID named but that can no longer take it.</summary>
    private UpsertEntityOptions _options = inputs.Options;

    public async Task<TaskOutcome> ExecuteAsync(CancellationToken cancellationToken)
    {
        if (inputs.RunIdFromVariable)
        {
            await DropTieToAnEndedRunAsync(inputs.Options.RunId!, cancellationToken).ConfigureAwait(false);
        }

        return inputs.IsBulk
            ? await UpsertFileAsync(cancellationToken).ConfigureAwait(false)
            : await UpsertOneAsync(inputs.Entity!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Port refuses to tie an entity to a run that has ended, and ends a run itself when a synchronous webhook accepts
    /// it. A run id the author named in 'runId' is used as given; one that only came from PORT_RUN_ID is checked first,
    /// so that the catalog write still happens when that run is over.
    /// </summary>
    private async Task DropTieToAnEndedRunAsync(string runId, CancellationToken cancellationToken)
    {
        string? status;
        try
        {
            status = (await client.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)).Status;
        }
        catch (PortNotFoundException)
        {
            status = "unknown to Port";
        }

        if (status is not RunStatus.InProgress)
        {
            agent.Warning($"The variable {PortRunId.Variable} names the Port action run '{runId}', which is {status}; Port ties entities only to a run in progress, so this write is not tied to it. Set the input 'runId' to tie it anyway.");
            _options = _options with { RunId = null };
        }
    }

    private async Task<TaskOutcome> UpsertOneAsync(JsonObject entity, CancellationToken cancellationToken)
    {
        var name = (string?)(entity["identifier"] as JsonValue) ?? "(Port generates the identifier)";
        agent.BeginGroup($"Upsert {inputs.Blueprint}/{name} ({Describe(_options)})");
        JsonObject stored;
        try
        {
            stored = await client.UpsertEntityAsync(inputs.Blueprint, entity, _options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            agent.EndGroup();
        }

        var identifier = (string?)stored["identifier"] ?? name;
        agent.SetOutput("identifier", identifier);
        agent.SetOutput("entity", stored.ToJsonString(), JsonOutputs.Nothing);
        var verb = _options.ValidationOnly ? "Port validated" : "Port now holds";
        return TaskOutcome.Succeeded($"{verb} entity '{identifier}' in blueprint '{inputs.Blueprint}'.");
    }

    private async Task<TaskOutcome> UpsertFileAsync(CancellationToken cancellationToken)
    {
        var entities = inputs.FileEntities;
        agent.BeginGroup($"Bulk upsert of {entities.Count} entities from {Path.GetFileName(inputs.EntitiesFile)} into {inputs.Blueprint} ({Describe(_options)})");
        try
        {
            _clock.Start();
            await client.BulkUpsertEntitiesAsync(inputs.Blueprint, entities.Select(e => e.Entity).ToList(), _options, Record, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SetFileOutputs(); // the part that was written, so later steps (and the user) know
            throw;
        }
        finally
        {
            agent.EndGroup();
        }

        SetFileOutputs();
        // Rejected entities fail the step by default; with failOnEntityError off they are warnings.
        Action<string> report = inputs.FailOnEntityError ? agent.Error : agent.Warning;
        foreach (var error in _rejected.Take(MaxErrorsShown))
        {
            var item = entities[error.Index];
            report($"Entity at {item.Where} ('{error.Identifier ?? (string?)item.Entity["identifier"]}'): Port answered {error.StatusCode} {error.Error}: {error.Message}");
        }

        if (_rejected.Count > MaxErrorsShown)
        {
            report($"… and {_rejected.Count - MaxErrorsShown} more entities failed.");
        }

        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var summary = string.Format(CultureInfo.InvariantCulture, "{0} of {1} entities upserted into '{2}', {3} failed, in {4:0.0} s ({5:N0} entities/s).",
            _written.Count, entities.Count, inputs.Blueprint, _rejected.Count, seconds, (_written.Count + _rejected.Count) / seconds);
        return _rejected.Count == 0 ? TaskOutcome.Succeeded(summary)
            : inputs.FailOnEntityError ? TaskOutcome.Failed(summary + " Set 'failOnEntityError' to false to go on with issues.")
            : new TaskOutcome(TaskResult.SucceededWithIssues, summary);
    }

    /// <summary>Takes a chunk's results as Port answers, and every few seconds says how far the import is.</summary>
    private void Record(BulkUpsertResult chunk)
    {
        _written.AddRange(chunk.Entities);
        _rejected.AddRange(chunk.Errors);
        var done = _written.Count + _rejected.Count;
        var total = inputs.FileEntities.Count;
        if (_clock.Elapsed - _lastProgress < ProgressInterval && done < total)
        {
            return;
        }

        _lastProgress = _clock.Elapsed;
        var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var left = TimeSpan.FromSeconds((total - done) / Math.Max(rate, 0.001));
        agent.SetProgress(done * 100 / Math.Max(total, 1), $"{done:N0} of {total:N0} entities");
        agent.Info(string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} entities ({2:N0}/s, about {3:N0} s left).", done, total, rate, left.TotalSeconds));
    }

    private void SetFileOutputs()
    {
        var identifiers = _written.OrderBy(e => e.Index)
            .Select(e => (JsonNode?)(e.Identifier ?? (string?)inputs.FileEntities[e.Index].Entity["identifier"])).ToArray();
        agent.SetOutput("identifiers", new JsonArray(identifiers).ToJsonString(), JsonOutputs.FirstItems);
        agent.SetOutput("upsertedCount", _written.Count.ToString(CultureInfo.InvariantCulture));
        agent.SetOutput("failedCount", _rejected.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static string Describe(UpsertEntityOptions options) =>
        (options.Mode == UpsertMode.Merge ? "merge" : "replace")
        + (options.ValidationOnly ? ", validation only" : "")
        + (options.CreateMissingRelatedEntities ? ", creating missing related entities" : "")
        + (options.RunId is { } run ? $", run {run}" : "");
}
