namespace Port.Client.Http;

/// <summary>Every Port route the client calls, built in one place with each path segment escaped.</summary>
internal static class PortRoutes
{
    public const string AccessToken = "v1/auth/access_token";

    public const string SearchEntities = "v1/entities/search";

    public static string Entities(string blueprint) => $"v1/blueprints/{Segment(blueprint)}/entities";

    public static string Entity(string blueprint, string identifier) => $"{Entities(blueprint)}/{Segment(identifier)}";

    public static string BulkEntities(string blueprint) => $"{Entities(blueprint)}/bulk";

    public static string BlueprintSearch(string blueprint) => $"{Entities(blueprint)}/search";

    public static string Run(string runId) => $"v1/actions/runs/{Segment(runId)}";

    public static string RunLogs(string runId) => $"{Run(runId)}/logs";

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
