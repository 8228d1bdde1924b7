using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Client.Http;
using Port.Client.Models;

namespace Port.Client;

/// <summary>
/// Client for the parts of Port's REST API (https://docs.port.io/api-reference/port-api) a pipeline needs:
/// entities and action runs. Caches the access token, retries what is safe to retry, and maps errors to
/// <see cref="PortApiException"/>.
/// </summary>
public class PortClient : IDisposable
{
    /// <summary>Port accepts at most this many entities in one bulk request.</summary>
    public const int BulkChunkSize = 20;

    private readonly PortHttp? _http;

    public PortClient(string clientId, string clientSecret)
        : this(new PortClientOptions { ClientId = clientId, ClientSecret = clientSecret })
    {
    }

    /// <param name="handler">The HTTP handler to send through; tests pass a fake. The client does not dispose it.</param>
    public PortClient(PortClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new PortHttp(options, handler);
    }

    /// <summary>For mocking.</summary>
    protected PortClient()
    {
    }

    /// <summary>The API root requests go to, normalised (always ending in "/", never in "/v1").</summary>
    public virtual Uri BaseAddress => Http.BaseAddress;

    private PortHttp Http => _http ?? throw new InvalidOperationException("This PortClient was created for mocking.");

    /// <summary>Creates or updates an entity: <c>POST /v1/blueprints/{blueprint}/entities</c>.</summary>
    /// <returns>The entity as Port stored it.</returns>
    public virtual async Task<JsonObject> UpsertEntityAsync(string blueprint, JsonObject entity, UpsertEntityOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        options ??= new UpsertEntityOptions();
        var request = new PortRequest(PortRoutes.UpsertEntity, blueprint)
        {
            Query = WriteQuery(options),
            Body = Serialize(entity),
            UpsertsByIdentifier = options.Mode != UpsertMode.Create && entity["identifier"] is JsonValue,
            Effect = entity["identifier"] is JsonValue id ? $"the entity '{id}' in blueprint '{blueprint}'" : $"a new entity in blueprint '{blueprint}' (with an identifier Port chose)",
        };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return json["entity"] as JsonObject ?? [];
    }

    /// <summary>Reads one entity: <c>GET /v1/blueprints/{blueprint}/entities/{identifier}</c>.</summary>
    /// <exception cref="PortNotFoundException">The blueprint or the entity does not exist.</exception>
    public virtual async Task<JsonObject> GetEntityAsync(string blueprint, string identifier, GetEntityOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new PortRequest(PortRoutes.GetEntity, blueprint, identifier) { Query = ReadQuery(options) };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return json["entity"] as JsonObject ?? [];
    }

    /// <summary>Deletes one entity: <c>DELETE /v1/blueprints/{blueprint}/entities/{identifier}</c>.</summary>
    public virtual async Task DeleteEntityAsync(string blueprint, string identifier, DeleteEntityOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeleteEntityOptions();
        var query = new QueryString().Add("delete_dependents", options.DeleteDependents).Add("run_id", options.RunId).ToString();
        var request = new PortRequest(PortRoutes.DeleteEntity, blueprint, identifier) { Query = query };
        await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Port accepts at most this many identifiers in one bulk delete.</summary>
    public const int BulkDeleteChunkSize = 100;

    /// <summary>
    /// Deletes many entities through <c>POST /v1/blueprints/{blueprint}/bulk/entities/delete</c>, at most
    /// <see cref="BulkDeleteChunkSize"/> a request. Each request is all or nothing: an entity with dependents refuses
    /// its whole request unless <see cref="DeleteEntityOptions.DeleteDependents"/>. Repeating a delete deletes nothing
    /// more, so it is retried like a read.
    /// </summary>
    /// <param name="chunkDone">Called with each request's deleted identifiers as Port answers, so a caller knows what went if it stops early.</param>
    /// <returns>The identifiers Port deleted; those it did not hold are not among them.</returns>
    public virtual async Task<IReadOnlyList<string>> BulkDeleteEntitiesAsync(string blueprint, IReadOnlyList<string> identifiers, DeleteEntityOptions? options = null, Action<IReadOnlyList<string>>? chunkDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        options ??= new DeleteEntityOptions();
        var query = new QueryString().Add("delete_dependents", options.DeleteDependents).Add("run_id", options.RunId).ToString();
        var deleted = new List<string>();
        foreach (var chunk in identifiers.Chunk(BulkDeleteChunkSize))
        {
            var body = new JsonObject { ["entities"] = new JsonArray(chunk.Select(id => (JsonNode?)id).ToArray()) };
            var request = new PortRequest(PortRoutes.BulkDeleteEntities, blueprint) { Query = query, Body = Serialize(body) };
            var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var done = (json["deletedEntities"] as JsonArray ?? []).Select(d => d is JsonValue v && v.TryGetValue<string>(out var id) ? id : (string?)d?["identifier"])
                .OfType<string>().ToList();
            deleted.AddRange(done);
            chunkDone?.Invoke(done);
        }

        return deleted;
    }

    /// <summary>
    /// Upserts many entities through <c>POST /v1/blueprints/{blueprint}/entities/bulk</c>, in requests of at most
    /// <see cref="BulkChunkSize"/> entities and 1 MiB, reading <paramref name="entities"/> as it goes (it is never held whole).
    /// Up to <paramref name="maxInFlight"/> requests are in flight at once; while Port answers 429 that number shrinks
    /// (halved per burst, regrown one request per round trip), and each refused request waits as Port asks and is sent again.
    /// Partial results (207) are mapped back to each entity's index in <paramref name="entities"/>.
    /// When a request fails for good, no further request is sent; those in flight finish and are reported, then it throws.
    /// When <paramref name="cancellationToken"/> is cancelled, no further request or retry is sent; those in flight get
    /// <see cref="PortClientOptions.CancelGrace"/> to answer and are reported, then it throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="chunkDone">
    /// Called with each request's results as Port answers it, one call at a time, so a caller knows what was written if
    /// it stops early; after a cancel, also for each request that got no answer, with its entities counted in
    /// <see cref="BulkUpsertResult.Unanswered"/> (Port may have written them).
    /// </param>
    public virtual async Task<BulkUpsertResult> BulkUpsertEntitiesAsync(string blueprint, IEnumerable<JsonObject> entities, UpsertEntityOptions? options = null, int maxInFlight = 1, Action<BulkUpsertResult>? chunkDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        options ??= new UpsertEntityOptions();
        var request = new PortRequest(PortRoutes.BulkUpsertEntities, blueprint) { Query = WriteQuery(options), UpsertsByIdentifier = options.Mode != UpsertMode.Create };
        var send = new BulkSend(Http, request, maxInFlight, chunkDone);
        return await send.RunAsync(BulkChunks.Split(entities, BulkChunkSize, PortHttp.MaxBodyBytes), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Searches every blueprint: <c>POST /v1/entities/search</c> with <c>{combinator, rules}</c>.</summary>
    public virtual async Task<IReadOnlyList<JsonObject>> SearchEntitiesAsync(JsonObject query, GetEntityOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new PortRequest(PortRoutes.SearchEntities) { Query = ReadQuery(options), Body = Serialize(query) };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Objects(json["entities"]);
    }

    /// <summary>One page of <c>POST /v1/blueprints/{blueprint}/entities/search</c>.</summary>
    /// <param name="limit">1–1000 entities per page.</param>
    /// <param name="from">The <see cref="BlueprintSearchPage.Next"/> of the previous page, or null for the first.</param>
    public virtual async Task<BlueprintSearchPage> SearchBlueprintEntitiesPageAsync(string blueprint, JsonObject? query, GetEntityOptions? options = null, int limit = 200, string? from = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var body = new JsonObject { ["limit"] = limit };
        if (query is not null)
        {
            body["query"] = query.DeepClone();
        }

        if (options?.Include is { Count: > 0 } include)
        {
            body["include"] = new JsonArray(include.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        }

        if (options?.Exclude is { Count: > 0 } exclude)
        {
            body["exclude"] = new JsonArray(exclude.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        }

        if (from is not null)
        {
            body["from"] = from;
        }

        var request = new PortRequest(PortRoutes.SearchBlueprintEntities, blueprint) { Body = Serialize(body) };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return new BlueprintSearchPage(Objects(json["entities"]), (string?)json["next"]);
    }

    /// <summary>Every page of a per-blueprint search, up to <paramref name="maxResults"/> entities.</summary>
    public virtual async Task<IReadOnlyList<JsonObject>> SearchBlueprintEntitiesAsync(string blueprint, JsonObject? query, GetEntityOptions? options = null, int maxResults = 10_000, CancellationToken cancellationToken = default)
    {
        var all = new List<JsonObject>();
        string? next = null;
        do
        {
            var page = await SearchBlueprintEntitiesPageAsync(blueprint, query, options, Math.Clamp(maxResults - all.Count, 1, 1000), next, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Entities);
            next = page.Next;
        }
        while (next is not null && all.Count < maxResults);

        return all;
    }

    /// <summary>Reads an action run: <c>GET /v1/actions/runs/{runId}?version=v2</c>.</summary>
    public virtual async Task<ActionRun> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var request = new PortRequest(PortRoutes.GetRun, runId) { Query = new QueryString().Add("version", "v2").ToString() };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ActionRun.FromJson(json["run"] as JsonObject ?? []);
    }

    /// <summary>Updates an action run: <c>PATCH /v1/actions/runs/{runId}?version=v2</c>. Port answers 422 once the run has ended.</summary>
    public virtual async Task<ActionRun> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = JsonSerializer.SerializeToUtf8Bytes(update, PortJsonContext.Default.RunUpdate);
        var request = new PortRequest(PortRoutes.UpdateRun, runId) { Query = new QueryString().Add("version", "v2").ToString(), Body = body };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ActionRun.FromJson(json["run"] as JsonObject ?? []);
    }

    /// <summary>
    /// Starts a run of a self-service action: <c>POST /v1/actions/{action}/runs</c> with <c>{properties, entity}</c>;
    /// Port answers 202 with the run. Not idempotent: a repeat would start a second run, so it is retried only when
    /// Port certainly did not receive it.
    /// </summary>
    /// <param name="properties">The action's user inputs.</param>
    /// <param name="entity">The identifier of the entity the action runs on (day-2 and delete actions), or null.</param>
    public virtual async Task<ActionRun> CreateRunAsync(string action, JsonObject properties, string? entity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var body = new JsonObject { ["properties"] = properties.DeepClone() };
        if (entity is not null)
        {
            body["entity"] = entity;
        }

        var request = new PortRequest(PortRoutes.CreateRun, action)
        {
            Body = Serialize(body),
            Effect = $"a new run of action '{action}'",
        };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ActionRun.FromJson(json["run"] as JsonObject ?? []);
    }

    /// <summary>One page of a run's log lines, oldest first: <c>GET /v1/actions/runs/{runId}/logs</c>.</summary>
    /// <param name="limit">1–50 lines.</param>
    public virtual async Task<IReadOnlyList<JsonObject>> ListRunLogsAsync(string runId, int limit = 50, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 50);
        var query = new QueryString().Add("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var request = new PortRequest(PortRoutes.ListRunLogs, runId) { Query = query.ToString() };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return Objects(json["runLogs"]);
    }

    /// <summary>
    /// Adds a log line to an action run: <c>POST /v1/actions/runs/{runId}/logs</c>. Not idempotent: a repeat would
    /// duplicate the line, so after an unclear failure the run's logs are read back and the line is sent again only
    /// when it is not there.
    /// </summary>
    public virtual async Task<JsonObject> AddRunLogAsync(string runId, RunLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var body = JsonSerializer.SerializeToUtf8Bytes(entry, PortJsonContext.Default.RunLogEntry);
        var request = new PortRequest(PortRoutes.AddRunLog, runId)
        {
            Body = body,
            Effect = $"the log line of run '{runId}'",
            ReadBack = async (sentAt, ct) => await FindRunLogAsync(runId, entry, sentAt, ct).ConfigureAwait(false) is { } log ? new JsonObject { ["runLog"] = log } : null,
        };
        var json = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return json["runLog"] as JsonObject ?? [];
    }

    /// <summary>
    /// The run's log line with <paramref name="entry"/>'s message written since <paramref name="since"/> (less a minute
    /// for clock skew), or null: how a log line whose answer was lost is found.
    /// </summary>
    private async Task<JsonObject?> FindRunLogAsync(string runId, RunLogEntry entry, DateTimeOffset since, CancellationToken cancellationToken)
    {
        const int page = 50;
        var after = since - TimeSpan.FromMinutes(1);
        for (var offset = 0; ; offset += page)
        {
            var logs = await ListRunLogsAsync(runId, page, offset, cancellationToken).ConfigureAwait(false);
            var found = logs.LastOrDefault(log => (string?)log["message"] == entry.Message
                && (!DateTimeOffset.TryParse((string?)log["createdAt"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created) || created >= after));
            if (found is not null || logs.Count < page)
            {
                return found;
            }
        }
    }

    private static string WriteQuery(UpsertEntityOptions options) => new QueryString()
        .Add("upsert", options.Mode != UpsertMode.Create)
        .AddIfTrue("merge", options.Mode == UpsertMode.Merge)
        .AddIfTrue("validation_only", options.ValidationOnly)
        .AddIfTrue("create_missing_related_entities", options.CreateMissingRelatedEntities)
        .Add("run_id", options.RunId)
        .ToString();

    private static string ReadQuery(GetEntityOptions? options) => options is null ? "" : new QueryString()
        .AddIfTrue("exclude_calculated_properties", options.ExcludeCalculatedProperties)
        .AddEach("include", options.Include)
        .AddEach("exclude", options.Exclude)
        .ToString();

    private static byte[] Serialize(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());

    private static List<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToList() : [];

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http?.Dispose();
        }
    }
}
