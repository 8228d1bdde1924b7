using System.Text.Json.Nodes;
using Port.Emulator.Middleware;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary>The blueprint routes: create, list, read, replace (PUT), update (PATCH), delete.</summary>
public static class BlueprintEndpoints
{
    public static void Map(WebApplication app, BlueprintService blueprints)
    {
        app.MapGet("/v1/blueprints", () =>
            Reply.Ok(new JsonObject { ["blueprints"] = new JsonArray(blueprints.List().Select(b => (JsonNode)b).ToArray()) }));

        app.MapPost("/v1/blueprints", (HttpContext context) =>
            Reply.Ok(new JsonObject { ["blueprint"] = blueprints.Create(RequestBody.Object(context), Reply.User(context)) }, 201));

        app.MapGet("/v1/blueprints/{identifier}", (string identifier) =>
            Reply.Ok(new JsonObject { ["blueprint"] = blueprints.Get(identifier) }));

        app.MapPut("/v1/blueprints/{identifier}", (HttpContext context, string identifier) =>
            Reply.Ok(new JsonObject { ["blueprint"] = blueprints.Update(identifier, RequestBody.Object(context), merge: false, Reply.User(context)) }));

        app.MapPatch("/v1/blueprints/{identifier}", (HttpContext context, string identifier) =>
            Reply.Ok(new JsonObject { ["blueprint"] = blueprints.Update(identifier, RequestBody.Object(context), merge: true, Reply.User(context)) }));

        app.MapDelete("/v1/blueprints/{identifier}", (HttpContext context, string identifier) =>
        {
            blueprints.Delete(identifier, Reply.Flag(context.Request, "delete_actions"), Reply.User(context));
            return Reply.Ok([]);
        });
    }
}
