using System.Text.Json.Nodes;
using Port.Emulator.Middleware;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary>The entity routes: write, bulk write, read, list, delete, search.</summary>
public static class EntityEndpoints
{
    public const int MaxBulkEntities = 20;

    public static void Map(WebApplication app, EntityService entities)
    {
        app.MapPost("/v1/blueprints/{blueprint}/entities", (HttpContext context, string blueprint) =>
        {
            var (entity, _) = entities.Write(blueprint, RequestBody.Object(context), Flags(context.Request), User(context));
            return Reply.Ok(new JsonObject { ["entity"] = entity }, 201);
        });

        app.MapPost("/v1/blueprints/{blueprint}/entities/bulk", (HttpContext context, string blueprint) => Bulk(context, blueprint, entities));

        app.MapGet("/v1/blueprints/{blueprint}/entities/{identifier}", (HttpContext context, string blueprint, string identifier) =>
            Reply.Ok(new JsonObject { ["entity"] = Project(context, entities.Get(blueprint, identifier)) }));

        app.MapGet("/v1/blueprints/{blueprint}/entities", (HttpContext context, string blueprint) =>
            Reply.Ok(new JsonObject { ["entities"] = Array(entities.Search(null, blueprint).Select(e => Project(context, e))) }));

        // PUT replaces the entity; PATCH changes only the fields sent. The identifier comes from the route.
        app.MapPut("/v1/blueprints/{blueprint}/entities/{identifier}", (HttpContext context, string blueprint, string identifier) =>
            Reply.Ok(new JsonObject { ["entity"] = entities.Update(blueprint, identifier, RequestBody.Object(context), merge: false, Flags(context.Request), User(context)) }));

        app.MapPatch("/v1/blueprints/{blueprint}/entities/{identifier}", (HttpContext context, string blueprint, string identifier) =>
            Reply.Ok(new JsonObject { ["entity"] = entities.Update(blueprint, identifier, RequestBody.Object(context), merge: true, Flags(context.Request), User(context)) }));

        app.MapPost("/v1/blueprints/{blueprint}/bulk/entities/delete", (HttpContext context, string blueprint) =>
        {
            var body = RequestBody.Object(context);
            var identifiers = (body["entities"] as JsonArray ?? throw PortError.Invalid("The json provided does not match the route's schema: \"entities\" must be an array of identifiers"))
                .Select(e => e is JsonValue v && v.TryGetValue<string>(out var id) ? id : throw PortError.Invalid("Each of \"entities\" must be an identifier string")).ToList();
            var deleted = entities.BulkDelete(blueprint, identifiers, Reply.Flag(context.Request, "delete_dependents"), Reply.Text(context.Request, "run_id"), User(context));
            return Reply.Ok(new JsonObject { ["deletedEntities"] = new JsonArray(deleted.Select(d => (JsonNode?)d).ToArray()) });
        });

        app.MapDelete("/v1/blueprints/{blueprint}/entities/{identifier}", (HttpContext context, string blueprint, string identifier) =>
        {
            entities.Delete(blueprint, identifier, Reply.Flag(context.Request, "delete_dependents"), Reply.Text(context.Request, "run_id"), User(context));
            return Reply.Ok([]);
        });

        app.MapPost("/v1/entities/search", (HttpContext context) =>
        {
            var query = RequestBody.Object(context);
            var found = entities.Search(query);
            var blueprints = found.Select(e => (string?)e["blueprint"]).Distinct().Select(b => (JsonNode?)b).ToArray();
            return Reply.Ok(new JsonObject
            {
                ["matchingBlueprints"] = new JsonArray(blueprints),
                ["failedBlueprints"] = new JsonArray(),
                ["entities"] = Array(found.Select(e => Project(context, e))),
            });
        });

        app.MapPost("/v1/blueprints/{blueprint}/entities/search", (HttpContext context, string blueprint) => PagedSearch(context, blueprint, entities));
    }

    private static IResult Bulk(HttpContext context, string blueprint, EntityService entities)
    {
        entities.Blueprint(blueprint);
        if (RequestBody.Object(context)["entities"] is not JsonArray items || items.Count is < 1 or > MaxBulkEntities)
        {
            throw PortError.Invalid($"The json provided does not match the route's schema: \"entities\" must be an array of 1 to {MaxBulkEntities} entities");
        }

        var results = new JsonArray();
        var errors = new JsonArray();
        for (var index = 0; index < items.Count; index++)
        {
            var identifier = (string?)(items[index]?["identifier"] as JsonValue);
            try
            {
                var body = items[index] as JsonObject ?? throw PortError.Invalid("Each entity must be a JSON object");
                var (entity, created) = entities.Write(blueprint, body, Flags(context.Request), User(context));
                results.Add(new JsonObject { ["created"] = created, ["identifier"] = (string?)entity["identifier"], ["index"] = index, ["additionalData"] = new JsonObject() });
            }
            catch (PortError error)
            {
                errors.Add(new JsonObject { ["identifier"] = identifier, ["index"] = index, ["statusCode"] = error.Status, ["error"] = error.Error, ["message"] = error.Message });
            }
        }

        return Reply.Ok(new JsonObject { ["entities"] = results, ["errors"] = errors }, errors.Count > 0 ? 207 : 200);
    }

    private static IResult PagedSearch(HttpContext context, string blueprint, EntityService entities)
    {
        var body = RequestBody.Text(context) is null ? [] : RequestBody.Object(context);
        var limit = (int?)body["limit"] ?? 200;
        if (limit is < 1 or > 1000)
        {
            throw PortError.Invalid("\"limit\" must be from 1 to 1000");
        }

        var from = body["from"] is { } cursor && int.TryParse((string?)cursor, out var offset) ? offset : 0;
        var found = entities.Search(body["query"], blueprint);
        var include = (body["include"] as JsonArray ?? []).Select(i => (string?)i).OfType<string>().ToList();
        var exclude = (body["exclude"] as JsonArray ?? []).Select(i => (string?)i).OfType<string>().ToList();
        var page = found.Skip(from).Take(limit).Select(e => Projection.Apply(e, include, exclude));
        var next = from + limit < found.Count ? (from + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Reply.Ok(new JsonObject { ["next"] = next, ["entities"] = Array(page) });
    }

    private static WriteFlags Flags(HttpRequest request)
    {
        var upsert = Reply.Flag(request, "upsert");
        return new WriteFlags(upsert, upsert && Reply.Flag(request, "merge"), Reply.Flag(request, "validation_only"),
            Reply.Flag(request, "create_missing_related_entities"), Reply.Text(request, "run_id"));
    }

    private static JsonObject Project(HttpContext context, JsonObject entity) =>
        Projection.Apply(entity, Reply.List(context.Request, "include"), Reply.List(context.Request, "exclude"));

    private static string User(HttpContext context) => Reply.User(context);

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i).ToArray());
}
