using System.Text.Json.Nodes;
using Port.Emulator.Middleware;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary>The action-run routes: start a run of an action, list runs, read, update, add a log, list logs.</summary>
public static class RunEndpoints
{
    public static void Map(WebApplication app, RunService runs)
    {
        // Port answers 202: the run exists and its backend takes it from there.
        app.MapPost("/v1/actions/{actionId}/runs", (HttpContext context, string actionId) =>
            Reply.Ok(new JsonObject { ["run"] = runs.Create(actionId, RequestBody.Object(context), context.Items["port.user"] as string ?? "unknown") }, 202));

        app.MapGet("/v1/actions/runs", (HttpContext context) =>
        {
            var request = context.Request;
            var filter = new RunFilter(Reply.Text(request, "entity"), Reply.Text(request, "blueprint"), Reply.Text(request, "action"), Reply.OptionalFlag(request, "active"),
                Reply.Text(request, "user_email") ?? Reply.Text(request, "user_id"), Reply.Text(request, "external_run_id"),
                Reply.List(request, "source"), Reply.Int(request, "limit", 1000, 1, 1000));
            var exclude = Reply.List(request, "exclude");
            return Reply.Ok(new JsonObject { ["runs"] = new JsonArray(runs.List(filter).Select(r => (JsonNode)Projection.Apply(r, [], exclude)).ToArray()) });
        });

        app.MapGet("/v1/actions/runs/{runId}", (string runId) => Reply.Ok(new JsonObject { ["run"] = runs.Get(runId) }));

        app.MapPatch("/v1/actions/runs/{runId}", (HttpContext context, string runId) =>
            Reply.Ok(new JsonObject { ["run"] = runs.Patch(runId, RequestBody.Object(context), context.Items["port.user"] as string ?? "unknown") }));

        app.MapPost("/v1/actions/runs/{runId}/logs", (HttpContext context, string runId) =>
            Reply.Ok(new JsonObject { ["runLog"] = runs.AddLog(runId, RequestBody.Object(context), context.Items["port.user"] as string ?? "unknown") }, 201));

        app.MapGet("/v1/actions/runs/{runId}/logs", (HttpContext context, string runId) =>
        {
            var limit = Reply.Int(context.Request, "limit", 50, 1, 50);
            var offset = Reply.Int(context.Request, "offset", 0, 0, int.MaxValue);
            return Reply.Ok(new JsonObject { ["runLogs"] = new JsonArray(runs.ListLogs(runId, limit, offset).Select(l => (JsonNode)l).ToArray()) });
        });
    }
}
