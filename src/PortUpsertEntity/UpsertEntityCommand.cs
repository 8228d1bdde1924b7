using System.Globalization;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>Writes one entity, or a file of them through Port's bulk route, and sets the output variables.</summary>
public sealed class UpsertEntityCommand(UpsertEntityInputs inputs, PortClient client, IStepHost agent) : ITaskCommand
{
    /// <summary>Per-entity errors shown one by one; the rest are counted.</summary>
    private const int MaxErrorsShown = 10;

    /// <summary>How often a bulk import says how far it is.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    private readonly System.Diagnostics.Stopwatch _clock = new();
    private TimeSpan _lastProgress;

    // File mode, by the entity's index in the file: its identifier and place (kept as they are read, so the file is
    // not held), and which Port wrote. Port's answers name the index; these turn it into words.
    private string[] _identifiers = [];
    private int[] _positions = [];
    private bool[] _written = [];
    private int _writtenCount;
    private readonly List<BulkEntityError> _rejected = [];

    // After a cancel: the entities of requests Port had not answered by the end of the grace (PortClientOptions.CancelGrace).
    private int _unanswered;

    public string Progress => inputs.IsBulk
        ? string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} entities were written into '{2}' before it stopped ({3:N0} rejected){4}; the outputs hold those", _writtenCount, inputs.File!.Count, inputs.Blueprint, _rejected.Count,
            _unanswered == 0 ? "" : string.Format(CultureInfo.InvariantCulture, ", and up to {0:N0} more may have been written (Port had not answered for them when it stopped waiting)", _unanswered))
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
        var file = inputs.File!;
        _identifiers = new string[file.Count];
        _positions = new int[file.Count];
        _written = new bool[file.Count];
        agent.BeginGroup($"Bulk upsert of {file.Count:N0} entities from {file.Name} into {inputs.Blueprint} ({Describe(_options)}, up to {inputs.ParallelRequests} requests in flight)");
        try
        {
            _clock.Start();
            await client.BulkUpsertEntitiesAsync(inputs.Blueprint, Remembered(file), _options, inputs.ParallelRequests, Record, cancellationToken).ConfigureAwait(false);
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
        foreach (var error in _rejected.OrderBy(e => e.Index).Take(MaxErrorsShown))
        {
            report($"Entity at {file.Where(_positions[error.Index])} ('{error.Identifier ?? _identifiers[error.Index]}'): Port answered {error.StatusCode} {error.Error}: {error.Message}");
        }

        if (_rejected.Count > MaxErrorsShown)
        {
            report($"… and {_rejected.Count - MaxErrorsShown} more entities failed.");
        }

        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var summary = string.Format(CultureInfo.InvariantCulture, "{0} of {1} entities upserted into '{2}', {3} failed, in {4:0.0} s ({5:N0} entities/s).",
            _writtenCount, file.Count, inputs.Blueprint, _rejected.Count, seconds, (_writtenCount + _rejected.Count) / seconds);
        return _rejected.Count == 0 ? TaskOutcome.Succeeded(summary)
            : inputs.FailOnEntityError ? TaskOutcome.Failed(summary + " Set 'failOnEntityError' to false to go on with issues.")
            : new TaskOutcome(TaskResult.SucceededWithIssues, summary);
    }

    /// <summary>The file's entities as the client reads them, noting each one's identifier and place by index.</summary>
    private IEnumerable<JsonObject> Remembered(EntitiesFile file)
    {
        var index = 0;
        foreach (var (entity, position) in file.Read())
        {
            if (index == file.Count)
            {
                throw file.Problem($"entities grew past the {file.Count:N0} that were checked: the file changed while the task read it. Write it before this step.");
            }

            _identifiers[index] = (string)entity["identifier"]!; // checked: every entity of the file has one
            _positions[index++] = position;
            yield return entity;
        }
    }

    /// <summary>Takes a request's results as Port answers (one at a time), and every few seconds says how far the import is.</summary>
    private void Record(BulkUpsertResult chunk)
    {
        foreach (var entity in chunk.Entities)
        {
            _written[entity.Index] = true;
            _identifiers[entity.Index] = entity.Identifier ?? _identifiers[entity.Index];
        }

        _writtenCount += chunk.Entities.Count;
        _rejected.AddRange(chunk.Errors);
        _unanswered += chunk.Unanswered;
        var done = _writtenCount + _rejected.Count;
        var total = inputs.File!.Count;
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
        var identifiers = _identifiers.Where((_, index) => _written[index]).Select(id => (JsonNode?)id).ToArray();
        agent.SetOutput("identifiers", new JsonArray(identifiers).ToJsonString(), JsonOutputs.FirstItems);
        agent.SetOutput("upsertedCount", _writtenCount.ToString(CultureInfo.InvariantCulture));
        agent.SetOutput("failedCount", _rejected.Count.ToString(CultureInfo.InvariantCulture));
        agent.SetOutput("unconfirmedCount", _unanswered.ToString(CultureInfo.InvariantCulture));
    }

    private static string Describe(UpsertEntityOptions options) =>
        (options.Mode == UpsertMode.Merge ? "merge" : "replace")
        + (options.ValidationOnly ? ", validation only" : "")
        + (options.CreateMissingRelatedEntities ? ", creating missing related entities" : "")
        + (options.RunId is { } run ? $", run {run}" : "");
}
