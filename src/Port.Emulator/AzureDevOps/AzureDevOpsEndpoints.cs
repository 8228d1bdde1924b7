using System.Globalization;
using System.Text.Json.Nodes;

namespace Port.Emulator.AzureDevOps;

/// <summary>The Azure DevOps stand-in's routes (<c>/_azdo/...</c>) and its admin routes (<c>/_emulator/azdo/...</c>).</summary>
public static class AzureDevOpsEndpoints
{
    public const string Prefix = "/_azdo";

    public static void Map(WebApplication app, AzureDevOpsFake fake)
    {
        var builds = Prefix + "/{organization}/{project}/_apis/build/builds/{buildId}";
        app.MapGet(builds, (HttpContext context, string buildId) =>
            Answer(context, fake, buildId, build => build["build"] as JsonObject ?? new JsonObject { ["id"] = buildId }));
        app.MapGet(builds + "/timeline", (HttpContext context, string buildId) =>
            Answer(context, fake, buildId, build => new JsonObject { ["id"] = "timeline-" + buildId, ["records"] = build["records"]?.DeepClone() ?? new JsonArray() }));
        app.MapGet(builds + "/changes", (HttpContext context, string buildId) => Answer(context, fake, buildId, build => Page(context, build["changes"] as JsonArray ?? [])));

        // The release API lives on the release host (vsrm); the stand-in serves it under the same prefix.
        app.MapGet(Prefix + "/{organization}/{project}/_apis/Release/releases/{releaseId}/environments/{environmentId}", (HttpContext context, string releaseId, string environmentId) =>
            Answer(context, fake, () => fake.ReleaseEnvironment(releaseId, environmentId), $"TF400813: The release {releaseId} environment {environmentId} could not be found."));
        app.MapPut("/_emulator/azdo/releases/{releaseId}/environments/{environmentId}", async (HttpContext context, string releaseId, string environmentId) =>
        {
            fake.PutReleaseEnvironment(releaseId, environmentId, await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? []);
            return Results.NoContent();
        });

        app.MapPut("/_emulator/azdo/builds/{buildId}", async (HttpContext context, string buildId) =>
        {
            fake.PutBuild(buildId, await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? []);
            return Results.NoContent();
        });
        app.MapPut("/_emulator/azdo/answer", async (HttpContext context) =>
        {
            fake.ForcedStatus = (int?)(await JsonNode.ParseAsync(context.Request.Body))?["status"];
            return Results.NoContent();
        });
    }

    /// <summary>Checks the token as Azure DevOps would, then answers with what <paramref name="shape"/> makes of the build.</summary>
    private static IResult Answer(HttpContext context, AzureDevOpsFake fake, string buildId, Func<JsonObject, JsonObject> shape) =>
        Answer(context, fake, () => fake.Build(buildId) is { } build ? shape(build) : null, $"TF401029: The build {buildId} could not be found.");

    private static IResult Answer(HttpContext context, AzureDevOpsFake fake, Func<JsonObject?> find, string notFound)
    {
        if (fake.ForcedStatus == 203)
        {
            return Results.Content("<html><head><title>Azure DevOps Services | Sign In</title></head></html>", "text/html", statusCode: 203);
        }

        if (fake.ForcedStatus is { } forced)
        {
            return Error(forced, $"TF400813: The emulated Azure DevOps answers {forced}.");
        }

        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Error(401, "TF400813: The user is not authorized to access this resource.");
        }

        return find() is { } found ? Results.Text(found.ToJsonString(EmulatorJson.Options), "application/json") : Error(404, notFound);
    }

    /// <summary>Azure DevOps paging: <c>$top</c> items, and an <c>x-ms-continuationtoken</c> header while more remain.</summary>
    private static JsonObject Page(HttpContext context, JsonArray all)
    {
        var top = int.TryParse(context.Request.Query["$top"], CultureInfo.InvariantCulture, out var t) && t > 0 ? t : 100;
        var from = int.TryParse(context.Request.Query["continuationToken"], CultureInfo.InvariantCulture, out var f) ? f : 0;
        var page = all.Skip(from).Take(top).Select(c => c?.DeepClone()).ToArray();
        if (from + top < all.Count)
        {
            context.Response.Headers["x-ms-continuationtoken"] = (from + top).ToString(CultureInfo.InvariantCulture);
        }

        return new JsonObject { ["count"] = page.Length, ["value"] = new JsonArray(page) };
    }

    /// <summary>Azure DevOps' error body; <paramref name="typeKey"/> names the server's exception.</summary>
    internal static IResult Error(int status, string message, string typeKey = "EmulatedException") =>
        Results.Text(new JsonObject { ["$id"] = "1", ["message"] = message, ["typeKey"] = typeKey }.ToJsonString(EmulatorJson.Options), "application/json", statusCode: status);
}
