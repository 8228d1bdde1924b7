using System.Globalization;
using System.Text.Json.Nodes;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary><c>GET /v1/audit-log</c> with Port's filters, ANDed; answers <c>{ok, audits}</c>, newest first.</summary>
public static class AuditLogEndpoints
{
    private static readonly string[] ResourceTypes = ["blueprint", "entity", "run", "webhook", "scorecard", "action", "integration"];

    private static readonly string[] Fields = ["action", "context", "diff", "identifier", "resourceType", "status", "trigger", "additionalData", "message"];

    /// <summary>Filters on what the emulator never records (webhooks, integrations): given, they match nothing.</summary>
    private static readonly string[] UnrecordedFilters = ["webhookId", "webhookEventId", "InstallationId"];

    public static void Map(WebApplication app, AuditLog audit)
    {
        app.MapGet("/v1/audit-log", (HttpContext context) =>
        {
            var request = context.Request;
            var query = new AuditQuery
            {
                Identifier = Reply.Text(request, "identifier"),
                Entity = Reply.Text(request, "entity"),
                Blueprint = Reply.Text(request, "blueprint"),
                RunId = Reply.Text(request, "run_id"),
                Resources = OneOf(request, "resources", ResourceTypes),
                Origins = Reply.List(request, "origin"),
                From = Time(request, "from"),
                To = Time(request, "to"),
                Action = OneOf(request, "action", ["CREATE", "UPDATE", "DELETE"]).LastOrDefault(),
                Status = OneOf(request, "status", ["SUCCESS", "FAILURE"]).LastOrDefault(),
                Limit = Reply.Int(request, "limit", int.MaxValue, 1, int.MaxValue),
            };
            var includes = OneOf(request, "includes", Fields);
            var records = UnrecordedFilters.Any(f => Reply.Text(request, f) is not null) ? [] : audit.Query(query);
            return Reply.Ok(new JsonObject { ["audits"] = new JsonArray(records.Select(r => (JsonNode)Only(r, includes)).ToArray()) });
        });
    }

    /// <summary>With <c>includes</c>, only those fields of each record, as Port answers.</summary>
    private static JsonObject Only(JsonObject record, IReadOnlyList<string> includes)
    {
        if (includes.Count == 0)
        {
            return record;
        }

        foreach (var key in record.Select(p => p.Key).Where(k => !includes.Contains(k)).ToList())
        {
            record.Remove(key);
        }

        return record;
    }

    private static List<string> OneOf(HttpRequest request, string name, string[] allowed)
    {
        var values = Reply.List(request, name);
        return values.FirstOrDefault(v => !allowed.Contains(v)) is { } wrong
            ? throw PortError.Invalid($"\"{name}\" must be one of {string.Join(", ", allowed)}, but got \"{wrong}\"")
            : values;
    }

    private static DateTimeOffset? Time(HttpRequest request, string name) => Reply.Text(request, name) switch
    {
        null => null,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at,
        var text => throw PortError.Invalid($"\"{name}\" must be an ISO date-time such as 2022-04-23T18:25:43.511Z, but got \"{text}\""),
    };
}
