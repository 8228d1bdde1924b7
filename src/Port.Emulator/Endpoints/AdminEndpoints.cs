using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary>
/// The emulator's own routes under <c>/_emulator</c> (no auth; loopback only): the request journal, faults,
/// token expiry, and saving or loading state.
/// </summary>
public static class AdminEndpoints
{
    public const string Prefix = "/_emulator";

    public static void Map(WebApplication app, PortEmulator emulator)
    {
        app.MapGet(Prefix + "/requests", () => Results.Text(emulator.Journal.ToJson().ToJsonString(EmulatorJson.Options), "application/json"));
        app.MapDelete(Prefix + "/requests", () =>
        {
            emulator.Journal.Clear();
            return Results.NoContent();
        });

        app.MapGet(Prefix + "/faults", () => Results.Json(emulator.Faults, FaultJson.Options));
        app.MapPut(Prefix + "/faults", async (HttpContext context) =>
        {
            var settings = await JsonSerializer.DeserializeAsync<FaultSettings>(context.Request.Body, FaultJson.Options)
                ?? throw PortError.Invalid("A fault settings object is required");
            emulator.SetFaults(settings);
            return Results.Json(emulator.Faults, FaultJson.Options);
        });

        app.MapPost(Prefix + "/tokens/expire", () =>
        {
            emulator.Tokens.ExpireAll();
            return Results.NoContent();
        });

        app.MapGet(Prefix + "/state", () => Results.Text(emulator.State.ToJson().ToJsonString(EmulatorJson.Options), "application/json"));
        app.MapPost(Prefix + "/state/save", (HttpContext context) => Results.Json(new { saved = emulator.SaveState(PathFrom(context)) }));
        app.MapPost(Prefix + "/state/load", (HttpContext context) =>
        {
            emulator.LoadState(PathFrom(context) ?? throw PortError.Invalid("?path= is required"));
            return Results.NoContent();
        });
        // Plays Port's side of a run: {"statusLabel": "...", "log": "...", "status": "SUCCESS" | "FAILURE"}, each optional.
        app.MapPost(Prefix + "/runs/{runId}/advance", async (HttpContext context, string runId) =>
        {
            try
            {
                var step = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw PortError.Invalid("A step object is required");
                await Reply.Ok(new JsonObject { ["run"] = emulator.Runs.Advance(runId, step) }).ExecuteAsync(context);
            }
            catch (PortError error)
            {
                await Reply.WriteErrorAsync(context.Response, error);
            }
        });

        app.MapPost(Prefix + "/reset", () =>
        {
            emulator.Reset();
            return Results.NoContent();
        });
    }

    private static string? PathFrom(HttpContext context) => context.Request.Query["path"].FirstOrDefault();
}

internal static class FaultJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
