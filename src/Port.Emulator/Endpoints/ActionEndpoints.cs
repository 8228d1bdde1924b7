using System.Text.Json.Nodes;
using Port.Emulator.Middleware;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary>The v1 action routes: create, list, read, replace (PUT), delete. Runs of an action are in <see cref="RunEndpoints"/>.</summary>
public static class ActionEndpoints
{
    public static void Map(WebApplication app, ActionService actions)
    {
        app.MapGet("/v1/actions", (HttpContext context) =>
        {
            var request = context.Request;
            var filter = new ActionFilter(Reply.List(request, "action_identifier"), Reply.List(request, "blueprint_identifier"),
                Reply.List(request, "operation"), Reply.Text(request, "trigger_type"), Reply.OptionalFlag(request, "published"));
            return Reply.Ok(new JsonObject { ["actions"] = new JsonArray(actions.List(filter).Select(a => (JsonNode)a).ToArray()) });
        });

        app.MapPost("/v1/actions", (HttpContext context) =>
            Reply.Ok(new JsonObject { ["action"] = actions.Create(RequestBody.Object(context), Reply.User(context)) }, 201));

        app.MapGet("/v1/actions/{actionId}", (string actionId) =>
            Reply.Ok(new JsonObject { ["action"] = actions.Get(actionId) }));

        app.MapPut("/v1/actions/{actionId}", (HttpContext context, string actionId) =>
            Reply.Ok(new JsonObject { ["action"] = actions.Replace(actionId, RequestBody.Object(context), Reply.User(context)) }));

        app.MapDelete("/v1/actions/{actionId}", (HttpContext context, string actionId) =>
        {
            actions.Delete(actionId, Reply.User(context));
            return Reply.Ok([]);
        });
    }
}
