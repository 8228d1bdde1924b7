using Subject = Port.Client.PortErrorSubject;

namespace Port.Client.Http;

/// <summary>
/// Every Port route the client calls, each declared once: requests are built from these (<see cref="PortRequest"/>),
/// the error classifier reads them, and the emulator's tests check that the emulator serves each one.
/// </summary>
internal static class PortRoutes
{
    // Meanings several routes share. Static fields are set in the order they are written, so these come first.

    /// <summary>Reading or deleting one entity: the route names a blueprint and an entity; Port's message says which is missing.</summary>
    private static readonly ErrorMeaning EntityOrItsBlueprintMissing = new(Subject.Entity, static a => a.Mentions("blueprint") && !a.Mentions("entity") ? Subject.Blueprint : null);

    /// <summary>Deleting: Port refuses an entity that has dependents, and says so only in its message.</summary>
    private static readonly ErrorMeaning DeleteRefused = new(Subject.Entity, static a => a.Mentions("dependen") ? Subject.Dependents : null);

    /// <summary>Writing entities: the blueprint, the run the write is tied to, or a related entity may be missing.</summary>
    private static readonly ErrorMeaning WriteTargetMissing = new(Subject.Other, static a =>
        a.MentionsRun() ? Subject.Run
        : a.Mentions("relat", "entit") ? Subject.RelatedEntity
        : a.Mentions("blueprint") ? Subject.Blueprint
        : null);

    /// <summary>Writing entities: the run it is tied to, a relation, a property value, or the entity as a whole.</summary>
    private static readonly ErrorMeaning WriteRefused = new(Subject.Entity, static a =>
        a.TiedToRun && a.MentionsRun() ? Subject.Run
        : a.Mentions("relation") ? Subject.RelatedEntity
        : a.Mentions("propert") ? Subject.Property
        : null);

    /// <summary>The run routes: once the run has ended Port refuses updates (the code and words of that 422 are unconfirmed, so both are read).</summary>
    private static readonly ErrorMeaning RunRefused = new(Subject.Run, static a =>
        a.Error == "run_already_terminated" || a.Mentions("ended", "terminat", "completed", "no longer") ? Subject.RunEnded : null);

    public static readonly PortRoute AccessToken = new(HttpMethod.Post, "v1/auth/access_token", PortRepeat.Safe)
    {
        Authenticated = false,
        // The route names nothing but the credentials.
        NotFound = Subject.Auth,
        Refused = Subject.Auth,
        OtherStatus = Subject.Auth,
    };

    public static readonly PortRoute UpsertEntity = new(HttpMethod.Post, "v1/blueprints/{blueprint}/entities", PortRepeat.SafeWhenUpsertingByIdentifier) { NotFound = WriteTargetMissing, Refused = WriteRefused };

    public static readonly PortRoute BulkUpsertEntities = new(HttpMethod.Post, "v1/blueprints/{blueprint}/entities/bulk", PortRepeat.SafeWhenUpsertingByIdentifier) { NotFound = WriteTargetMissing, Refused = WriteRefused };

    public static readonly PortRoute GetEntity = new(HttpMethod.Get, "v1/blueprints/{blueprint}/entities/{identifier}", PortRepeat.Safe) { NotFound = EntityOrItsBlueprintMissing, Refused = Subject.Entity };

    public static readonly PortRoute DeleteEntity = new(HttpMethod.Delete, "v1/blueprints/{blueprint}/entities/{identifier}", PortRepeat.Safe) { NotFound = EntityOrItsBlueprintMissing, Refused = DeleteRefused };

    /// <summary>Repeating a delete deletes nothing more.</summary>
    public static readonly PortRoute BulkDeleteEntities = new(HttpMethod.Post, "v1/blueprints/{blueprint}/bulk/entities/delete", PortRepeat.Safe) { NotFound = Subject.Blueprint, Refused = DeleteRefused };

    /// <summary>The search across blueprints: a POST that only reads.</summary>
    public static readonly PortRoute SearchEntities = new(HttpMethod.Post, "v1/entities/search", PortRepeat.Safe) { Refused = Subject.Query };

    public static readonly PortRoute SearchBlueprintEntities = new(HttpMethod.Post, "v1/blueprints/{blueprint}/entities/search", PortRepeat.Safe) { NotFound = Subject.Blueprint, Refused = Subject.Query };

    public static readonly PortRoute GetRun = new(HttpMethod.Get, "v1/actions/runs/{runId}", PortRepeat.Safe) { NotFound = Subject.Run, Refused = RunRefused };

    /// <summary>Each PATCH sets the same values again, so repeating it is safe.</summary>
    public static readonly PortRoute UpdateRun = new(HttpMethod.Patch, "v1/actions/runs/{runId}", PortRepeat.Safe) { NotFound = Subject.Run, Refused = RunRefused };

    public static readonly PortRoute ListRunLogs = new(HttpMethod.Get, "v1/actions/runs/{runId}/logs", PortRepeat.Safe) { NotFound = Subject.Run, Refused = RunRefused };

    /// <summary>A repeat would add the line twice.</summary>
    public static readonly PortRoute AddRunLog = new(HttpMethod.Post, "v1/actions/runs/{runId}/logs", PortRepeat.Unsafe) { NotFound = Subject.Run, Refused = RunRefused };

    /// <summary>Starting a run of a self-service action; a repeat would start a second run.</summary>
    public static readonly PortRoute CreateRun = new(HttpMethod.Post, "v1/actions/{action}/runs", PortRepeat.Unsafe)
    {
        // The action, or the entity it runs on.
        NotFound = new(Subject.Action, static a => a.Mentions("entit") ? Subject.Entity : null),
        // The action's inputs ("properties"), or the entity it runs on.
        Refused = new(Subject.Property, static a => a.Mentions("entity") && !a.Mentions("propert") ? Subject.Entity : null),
    };

    /// <summary>Every route above; a test holds this list to the declarations.</summary>
    public static IReadOnlyList<PortRoute> All { get; } =
    [
        AccessToken, UpsertEntity, BulkUpsertEntities, GetEntity, DeleteEntity, BulkDeleteEntities, SearchEntities,
        SearchBlueprintEntities, GetRun, UpdateRun, ListRunLogs, AddRunLog, CreateRun,
    ];
}
