using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>Which runs <c>GET /v1/actions/runs</c> lists; null matches any.</summary>
public sealed record RunFilter(string? Entity, string? Blueprint, string? Action, bool? Active, string? User, string? ExternalRunId, IReadOnlyList<string> Sources, int Limit);

/// <summary>
/// Action runs with Port's state machine: a run that ended (SUCCESS, FAILURE) takes no more updates. Runs started
/// through the API play their action's <c>emulator.play</c> script (label changes, log lines, the end), so demos and
/// tests see Port's side move; <see cref="Advance"/> moves a run by hand.
/// </summary>
public sealed class RunService(PortState state, TimeProvider clock)
{
    /// <summary>Who Port's own updates come from in run reads and logs.</summary>
    public const string PortUser = "port";

    private static readonly HashSet<string> PatchKeys = ["status", "statusLabel", "link", "summary", "externalRunId", "message"];

    /// <summary>Runs that match every filter given, newest first.</summary>
    public List<JsonObject> List(RunFilter filter)
    {
        lock (state.Gate)
        {
            return state.Runs.Values
                .Where(r => filter.Entity is null || (string?)r["entity"]?["identifier"] == filter.Entity)
                .Where(r => filter.Blueprint is null || (string?)r["blueprint"]?["identifier"] == filter.Blueprint)
                .Where(r => filter.Action is null || (string?)r["action"]?["identifier"] == filter.Action)
                .Where(r => filter.Active is null || !IsEnded(r) == filter.Active)
                .Where(r => filter.User is null || (string?)r["createdBy"] == filter.User)
                .Where(r => filter.ExternalRunId is null || (string?)r["externalRunId"] == filter.ExternalRunId)
                .Where(r => filter.Sources.Count == 0 || filter.Sources.Contains((string?)r["source"] ?? ""))
                .OrderByDescending(r => (string?)r["createdAt"], StringComparer.Ordinal)
                .Take(filter.Limit)
                .Select(r => (JsonObject)r.DeepClone())
                .ToList();
        }
    }

    public JsonObject Get(string runId)
    {
        lock (state.Gate)
        {
            return (JsonObject)Run(runId).DeepClone();
        }
    }

    /// <summary>
    /// Starts a run of a self-service action, as <c>POST /v1/actions/{action}/runs</c> does: checks the action, the
    /// entity it runs on and its required inputs; the run starts IN_PROGRESS.
    /// </summary>
    public JsonObject Create(string actionId, JsonObject body, string user)
    {
        JsonObject run;
        JsonArray play;
        lock (state.Gate)
        {
            var action = state.Actions.TryGetValue(actionId, out var found) ? found : throw PortError.NotFound($"Action with identifier \"{actionId}\" not found");
            if (body.Select(p => p.Key).FirstOrDefault(k => k is not ("properties" or "entity")) is { } unknown)
            {
                throw PortError.Invalid($"The json provided does not match the route's schema: \"{unknown}\" is not allowed");
            }

            var properties = body["properties"] as JsonObject ?? throw PortError.Invalid("The json provided does not match the route's schema: \"properties\" is required and must be an object");
            var trigger = action["trigger"] as JsonObject ?? [];
            if ((string?)trigger["type"] == "automation")
            {
                throw PortError.Invalid($"The action \"{actionId}\" is an automation: Port runs it on its event, not on request");
            }

            foreach (var required in (trigger["userInputs"]?["required"] as JsonArray ?? []).Select(r => (string?)r))
            {
                if (required is not null && properties[required] is null)
                {
                    throw PortError.Invalid($"The property \"{required}\" is required by the action \"{actionId}\"");
                }
            }

            var blueprintId = (string?)trigger["blueprintIdentifier"];
            JsonObject? entity = null;
            if (body["entity"] is { } entityNode)
            {
                var entityId = IsString(entityNode) ? (string)entityNode! : throw PortError.Invalid("\"entity\" must be an entity identifier string");
                entity = blueprintId is not null && state.EntitiesOf(blueprintId).TryGetValue(entityId, out var e) ? e
                    : throw PortError.NotFound($"Entity with identifier \"{entityId}\" not found in blueprint \"{blueprintId}\"");
            }
            else if (blueprintId is not null && (string?)trigger["operation"] is "DAY-2" or "DELETE") // an action on no blueprint runs on nothing
            {
                throw PortError.Invalid($"The action \"{actionId}\" runs on an existing entity: give its identifier in \"entity\"");
            }

            var now = Now();
            run = new JsonObject
            {
                ["id"] = "r_" + Guid.NewGuid().ToString("N")[..16],
                ["status"] = "IN_PROGRESS",
                ["statusLabel"] = null,
                ["link"] = new JsonArray(),
                ["summary"] = null,
                ["source"] = "API",
                ["action"] = Reference(action, (string?)action["title"]),
                ["blueprint"] = blueprintId is null ? null : Reference(state.Blueprints.GetValueOrDefault(blueprintId) ?? new JsonObject { ["identifier"] = blueprintId }, null),
                ["entity"] = entity is null ? null : Reference(entity, (string?)entity["title"]),
                ["properties"] = properties.DeepClone(),
                ["endedAt"] = null,
                ["createdBy"] = user,
                ["updatedBy"] = user,
                ["createdAt"] = now,
                ["updatedAt"] = now,
            };
            state.Runs[(string)run["id"]!] = run;
            Audit("CREATE", run, null, user);
            play = action["emulator"]?["play"] as JsonArray ?? [];
            run = (JsonObject)run.DeepClone();
        }

        if (play.Count > 0)
        {
            _ = PlayAsync((string)run["id"]!, play.OfType<JsonObject>().Select(step => (JsonObject)step.DeepClone()).ToList());
        }

        return run;
    }

    /// <summary>
    /// Moves a run along as Port's side would: <c>{statusLabel, log, status}</c>, each optional. A run that ended takes
    /// no more steps (422, as for any update).
    /// </summary>
    public JsonObject Advance(string runId, JsonObject step)
    {
        lock (state.Gate)
        {
            var run = Run(runId);
            var before = run.DeepClone();
            RequireNotEnded(run);
            if (step["statusLabel"] is { } label)
            {
                run["statusLabel"] = label.DeepClone();
            }

            if (step["log"] is JsonValue log && IsString(log))
            {
                Logs(runId).Add(new JsonObject
                {
                    ["id"] = $"log_{runId}_{Logs(runId).Count + 1}",
                    ["runId"] = runId,
                    ["message"] = log.DeepClone(),
                    ["createdBy"] = PortUser,
                    ["createdAt"] = Now(),
                });
            }

            if (step["status"] is { } status)
            {
                End(run, TerminationStatus(status, "status"));
            }

            run["updatedBy"] = PortUser;
            Touch(run);
            Audit("UPDATE", run, before, PortUser);
            return (JsonObject)run.DeepClone();
        }
    }

    /// <summary>Plays an action's script on a new run: each step waits its <c>afterMs</c>, then advances the run.</summary>
    private async Task PlayAsync(string runId, List<JsonObject> steps)
    {
        foreach (var step in steps)
        {
            await Task.Delay(TimeSpan.FromMilliseconds((double?)step["afterMs"] ?? 500)).ConfigureAwait(false);
            try
            {
                Advance(runId, step);
            }
            catch (PortError)
            {
                return; // someone ended the run first, or the state was reset
            }
        }
    }

    private static JsonObject Reference(JsonObject item, string? title) => new()
    {
        ["identifier"] = item["identifier"]?.DeepClone(),
        ["title"] = title,
        ["icon"] = item["icon"]?.DeepClone(),
        ["deleted"] = false,
    };

    public JsonObject Patch(string runId, JsonObject body, string user = PortUser)
    {
        lock (state.Gate)
        {
            var run = Run(runId);
            var before = run.DeepClone();
            if (body.Select(p => p.Key).FirstOrDefault(k => !PatchKeys.Contains(k)) is { } unknown)
            {
                throw PortError.Invalid($"The json provided does not match the route's schema: \"{unknown}\" is not allowed");
            }

            var status = body["status"] is null ? null : TerminationStatus(body["status"], "status");
            if (body["link"] is { } link && !(IsString(link) || link is JsonArray a && a.All(IsString)))
            {
                throw PortError.Invalid("\"link\" must be a string or an array of strings");
            }

            foreach (var key in new[] { "statusLabel", "summary", "externalRunId" })
            {
                if (body[key] is { } value && !IsString(value))
                {
                    throw PortError.Invalid($"\"{key}\" must be a string");
                }
            }

            RequireNotEnded(run);
            foreach (var key in new[] { "statusLabel", "link", "summary", "externalRunId" })
            {
                if (body.ContainsKey(key))
                {
                    run[key] = body[key]?.DeepClone();
                }
            }

            if (status is not null)
            {
                End(run, status);
            }

            run["updatedBy"] = user;
            Touch(run);
            Audit("UPDATE", run, before, user);
            return (JsonObject)run.DeepClone();
        }
    }

    public JsonObject AddLog(string runId, JsonObject body, string user)
    {
        lock (state.Gate)
        {
            var run = Run(runId);
            var before = run.DeepClone();
            if (body["message"] is not JsonValue message || !IsString(message))
            {
                throw PortError.Invalid("\"message\" is required and must be a string");
            }

            var termination = body["terminationStatus"] is null ? null : TerminationStatus(body["terminationStatus"], "terminationStatus");
            if (body["statusLabel"] is { } label && !IsString(label))
            {
                throw PortError.Invalid("\"statusLabel\" must be a string");
            }

            RequireNotEnded(run);
            var log = new JsonObject
            {
                ["id"] = $"log_{runId}_{Logs(runId).Count + 1}",
                ["runId"] = runId,
                ["message"] = message.DeepClone(),
                ["createdBy"] = user,
                ["createdAt"] = Now(),
            };
            Logs(runId).Add(log);
            if (body["statusLabel"] is { } newLabel)
            {
                run["statusLabel"] = newLabel.DeepClone();
            }

            if (termination is not null)
            {
                End(run, termination);
            }

            run["updatedBy"] = user;
            Touch(run);
            Audit("UPDATE", run, before, user);
            return (JsonObject)log.DeepClone();
        }
    }

    public List<JsonObject> ListLogs(string runId, int limit, int offset)
    {
        lock (state.Gate)
        {
            Run(runId);
            return Logs(runId).Skip(offset).Take(limit).Select(l => (JsonObject)l.DeepClone()).ToList();
        }
    }

    /// <summary>Entities may be tied to a run only while it is in progress.</summary>
    public void RequireInProgress(string runId)
    {
        var run = state.Runs.TryGetValue(runId, out var found) ? found : throw PortError.NotFound($"Action run with id \"{runId}\" not found");
        if ((string?)run["status"] != "IN_PROGRESS")
        {
            throw PortError.Invalid($"The action run \"{runId}\" is {(string?)run["status"]}; entities can be tied to a run only while it is IN_PROGRESS");
        }
    }

    public void RecordAffectedEntity(string runId, string blueprint, string identifier)
    {
        var run = state.Runs[runId];
        var affected = run["affectedEntities"] as JsonArray ?? [];
        run["affectedEntities"] = affected;
        if (!affected.Any(a => (string?)a?["blueprint"] == blueprint && (string?)a?["identifier"] == identifier))
        {
            affected.Add(new JsonObject { ["blueprint"] = blueprint, ["identifier"] = identifier });
        }
    }

    /// <summary>A run's change in the audit log: the run as it was and as it is now, in the context of its action, blueprint and entity.</summary>
    private void Audit(string action, JsonObject run, JsonNode? before, string user) =>
        state.Audit.Record(AuditLog.Run, action,
            AuditLog.Context((string?)run["blueprint"]?["identifier"], (string?)run["entity"]?["identifier"], (string?)run["action"]?["identifier"], (string?)run["id"]),
            before, run, user, (string)run["updatedAt"]!);

    private JsonObject Run(string runId) =>
        state.Runs.TryGetValue(runId, out var run) ? run : throw PortError.NotFound($"Action run with id \"{runId}\" not found");

    private List<JsonObject> Logs(string runId) =>
        state.RunLogs.TryGetValue(runId, out var logs) ? logs : state.RunLogs[runId] = [];

    private static bool IsEnded(JsonObject run) => (string?)run["status"] is "SUCCESS" or "FAILURE" or "DECLINED";

    private static void RequireNotEnded(JsonObject run)
    {
        if (IsEnded(run))
        {
            throw new PortError(422, "run_already_terminated", $"The action run \"{(string?)run["id"]}\" has already ended with {(string?)run["status"]} and can no longer be modified");
        }
    }

    private static string TerminationStatus(JsonNode? value, string field) =>
        IsString(value) && (string)value! is "SUCCESS" or "FAILURE"
            ? (string)value!
            : throw PortError.Invalid($"\"{field}\" must be \"SUCCESS\" or \"FAILURE\", but got {value?.ToJsonString(EmulatorJson.Options) ?? "null"}");

    private void End(JsonObject run, string status)
    {
        run["status"] = status;
        run["endedAt"] = Now();
    }

    private void Touch(JsonObject run) => run["updatedAt"] = Now();

    private string Now() => PortTime.Now(clock);

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
}
