using System.Net;

namespace Port.Client.Http;

/// <summary>
/// Says what a Port error is about, from the route that produced it (see <see cref="PortRoutes.KindOf"/>), Port's
/// status and <c>error</c> code, and, where those leave it open, the words of Port's message.
/// </summary>
internal static class PortErrorClassifier
{
    public static PortErrorSubject Classify(HttpStatusCode? status, string? error, string message, PortRequest request)
    {
        var route = PortRoutes.KindOf(request.Method, request.Route);
        return status switch
        {
            null => PortErrorSubject.Other,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => PortErrorSubject.Auth,
            HttpStatusCode.TooManyRequests => PortErrorSubject.RateLimit,
            _ when route == PortRouteKind.AccessToken => PortErrorSubject.Auth,
            HttpStatusCode.NotFound => NotFound(route, message),
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge
                => Refused(route, error, message, request.PathAndQuery.Contains("run_id=", StringComparison.Ordinal)),
            _ => PortErrorSubject.Other,
        };
    }

    private static PortErrorSubject NotFound(PortRouteKind route, string message) => route switch
    {
        PortRouteKind.Run or PortRouteKind.RunLogs => PortErrorSubject.Run,
        PortRouteKind.BlueprintSearch or PortRouteKind.BulkDelete => PortErrorSubject.Blueprint,
        PortRouteKind.ActionRuns => Mentions(message, "entit") ? PortErrorSubject.Entity : PortErrorSubject.Action,
        // Reading or deleting one entity: the route names a blueprint and an entity; the message says which is missing.
        PortRouteKind.Entity => Mentions(message, "blueprint") && !Mentions(message, "entity") ? PortErrorSubject.Blueprint : PortErrorSubject.Entity,
        // Writing: the blueprint, the run it is tied to, or a related entity may be missing.
        PortRouteKind.EntityWrite when MentionsRun(message) => PortErrorSubject.Run,
        PortRouteKind.EntityWrite when Mentions(message, "relat") || Mentions(message, "entit") => PortErrorSubject.RelatedEntity,
        PortRouteKind.EntityWrite when Mentions(message, "blueprint") => PortErrorSubject.Blueprint,
        _ => PortErrorSubject.Other,
    };

    private static PortErrorSubject Refused(PortRouteKind route, string? error, string message, bool tiedToRun) => route switch
    {
        PortRouteKind.Run or PortRouteKind.RunLogs when error == "run_already_terminated" || Mentions(message, "ended")
            || Mentions(message, "terminat") || Mentions(message, "completed") || Mentions(message, "no longer") => PortErrorSubject.RunEnded,
        PortRouteKind.Run or PortRouteKind.RunLogs => PortErrorSubject.Run,
        PortRouteKind.Search or PortRouteKind.BlueprintSearch => PortErrorSubject.Query,
        PortRouteKind.Entity or PortRouteKind.BulkDelete when Mentions(message, "dependen") => PortErrorSubject.Dependents,
        PortRouteKind.BulkDelete => PortErrorSubject.Entity,
        // Starting an action's run: its inputs ("properties"), or the entity it runs on.
        PortRouteKind.ActionRuns => Mentions(message, "entity") && !Mentions(message, "propert") ? PortErrorSubject.Entity : PortErrorSubject.Property,
        PortRouteKind.EntityWrite when tiedToRun && MentionsRun(message) => PortErrorSubject.Run,
        PortRouteKind.EntityWrite when Mentions(message, "relation") => PortErrorSubject.RelatedEntity,
        PortRouteKind.EntityWrite when Mentions(message, "propert") => PortErrorSubject.Property,
        PortRouteKind.EntityWrite or PortRouteKind.Entity => PortErrorSubject.Entity,
        _ => PortErrorSubject.Other,
    };

    private static bool Mentions(string message, string word) => message.Contains(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "run" as a word ("action run", "Run is", "run_id"), not inside another word ("runtime", "rerun"). A character
    /// check rather than a regular expression: the regex engine would add about 90 KB to every task binary.
    /// </summary>
    private static bool MentionsRun(string message)
    {
        for (var at = message.IndexOf("run", StringComparison.OrdinalIgnoreCase); at >= 0; at = message.IndexOf("run", at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + 3;
            if (message.AsSpan(end).StartsWith("_id", StringComparison.OrdinalIgnoreCase))
            {
                end += 3;
            }

            if ((at == 0 || !IsWordCharacter(message[at - 1])) && (end == message.Length || !IsWordCharacter(message[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c == '_';
}
