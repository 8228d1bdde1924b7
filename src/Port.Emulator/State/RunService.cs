using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>Action runs with Port's state machine: a run that ended (SUCCESS, FAILURE) takes no more updates.</summary>
public sealed class RunService(PortState state, TimeProvider clock)
{
    private static readonly HashSet<string> PatchKeys = ["status", "statusLabel", "link", "summary", "externalRunId", "message"];

    public JsonObject Get(string runId)
    {
        lock (state.Gate)
        {
            return (JsonObject)Run(runId).DeepClone();
        }
    }

    public JsonObject Patch(string runId, JsonObject body)
    {
        lock (state.Gate)
        {
            var run = Run(runId);
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

            Touch(run);
            return (JsonObject)run.DeepClone();
        }
    }

    public JsonObject AddLog(string runId, JsonObject body, string user)
    {
        lock (state.Gate)
        {
            var run = Run(runId);
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

            Touch(run);
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

    private JsonObject Run(string runId) =>
        state.Runs.TryGetValue(runId, out var run) ? run : throw PortError.NotFound($"Action run with id \"{runId}\" not found");

    private List<JsonObject> Logs(string runId) =>
        state.RunLogs.TryGetValue(runId, out var logs) ? logs : state.RunLogs[runId] = [];

    private static void RequireNotEnded(JsonObject run)
    {
        if ((string?)run["status"] is "SUCCESS" or "FAILURE" or "DECLINED")
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

    private string Now() => clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
}
