using System.Text.Json.Nodes;
using Port.Emulator.Endpoints;
using Port.Emulator.State;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// Port's list routes the service connection reads through the endpoint proxy: <c>GET /v1/blueprints</c> (Verify and
/// the blueprint picker) and <c>GET /v1/actions</c> (the action picker), answered as Port does, <c>{ok, blueprints}</c>
/// and <c>{ok, actions}</c>. They sit here, beside their only reader, until the owner of Endpoints/ takes them in.
/// </summary>
public static class PickerSourceEndpoints
{
    public static void Map(WebApplication app, PortState state)
    {
        app.MapGet("/v1/blueprints", () => Reply.Ok(new JsonObject { ["blueprints"] = List(state, state.Blueprints) }));

        // The emulator's own "emulator" key (how a run plays out) is no part of Port's action.
        app.MapGet("/v1/actions", () => Reply.Ok(new JsonObject { ["actions"] = List(state, state.Actions, "emulator") }));
    }

    private static JsonArray List(PortState state, Dictionary<string, JsonObject> items, string? internalKey = null)
    {
        lock (state.Gate)
        {
            return new JsonArray(items.Values.Select(JsonNode? (item) =>
            {
                var copy = (JsonObject)item.DeepClone();
                copy.Remove(internalKey ?? "");
                return copy;
            }).ToArray());
        }
    }
}
