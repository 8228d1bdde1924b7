namespace Port.Client.Http;

/// <summary>What a route addresses; the error classifier reads a failure against it.</summary>
internal enum PortRouteKind
{
    Other,
    AccessToken,
    /// <summary>Reading or deleting one entity.</summary>
    Entity,
    /// <summary>Creating, upserting or replacing entities, one or in bulk.</summary>
    EntityWrite,
    /// <summary>The search across blueprints.</summary>
    Search,
    BlueprintSearch,
    Run,
    RunLogs,
    /// <summary>Starting a run of a self-service action.</summary>
    ActionRuns,
    /// <summary>Deleting many entities of a blueprint.</summary>
    BulkDelete,
}

/// <summary>Every Port route the client calls, built in one place with each path segment escaped.</summary>
internal static class PortRoutes
{
    public const string AccessToken = "v1/auth/access_token";

    public const string SearchEntities = "v1/entities/search";

    public static string Entities(string blueprint) => $"v1/blueprints/{Segment(blueprint)}/entities";

    public static string Entity(string blueprint, string identifier) => $"{Entities(blueprint)}/{Segment(identifier)}";

    public static string BulkEntities(string blueprint) => $"{Entities(blueprint)}/bulk";

    public static string BlueprintSearch(string blueprint) => $"{Entities(blueprint)}/search";

    public static string BulkDelete(string blueprint) => $"v1/blueprints/{Segment(blueprint)}/bulk/entities/delete";

    public static string Run(string runId) => $"v1/actions/runs/{Segment(runId)}";

    public static string RunLogs(string runId) => $"{Run(runId)}/logs";

    public static string ActionRuns(string action) => $"v1/actions/{Segment(action)}/runs";

    /// <summary>The kind of a route built here, from its method and path ("/v1/..."; segments are escaped, so '/' splits them).</summary>
    public static PortRouteKind KindOf(HttpMethod method, string route)
    {
        var parts = route.Trim('/').Split('/');
        return parts switch
        {
            ["v1", "auth", "access_token"] => PortRouteKind.AccessToken,
            ["v1", "entities", "search"] => PortRouteKind.Search,
            ["v1", "actions", "runs", _] => PortRouteKind.Run,
            ["v1", "actions", "runs", _, "logs"] => PortRouteKind.RunLogs,
            ["v1", "actions", _, "runs"] => PortRouteKind.ActionRuns,
            ["v1", "blueprints", _, "entities"] => PortRouteKind.EntityWrite,
            ["v1", "blueprints", _, "bulk", "entities", "delete"] => PortRouteKind.BulkDelete,
            ["v1", "blueprints", _, "entities", "bulk" or "search"] when method == HttpMethod.Post =>
                parts[4] == "bulk" ? PortRouteKind.EntityWrite : PortRouteKind.BlueprintSearch,
            ["v1", "blueprints", _, "entities", _] => method == HttpMethod.Get || method == HttpMethod.Delete ? PortRouteKind.Entity : PortRouteKind.EntityWrite,
            _ => PortRouteKind.Other,
        };
    }

    /// <summary>Escapes one path segment: "a/b c" becomes "a%2Fb%20c", so an identifier can never change the route.</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        // "." and ".." survive escaping and the URI would collapse them into another route; Port forbids them too.
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' cannot be a Port identifier: Port's pattern excludes '.' and '..'.", nameof(value));
        }

        return Uri.EscapeDataString(value);
    }
}
