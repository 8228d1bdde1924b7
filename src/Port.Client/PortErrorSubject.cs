namespace Port.Client;

/// <summary>What a failed call to Port was about, so a caller can say which of its settings to change.</summary>
public enum PortErrorSubject
{
    /// <summary>Nothing more precise is known (a server fault, a dropped connection, an unclassified answer).</summary>
    Other,

    /// <summary>The credentials or the access token (401, 403).</summary>
    Auth,

    /// <summary>Port's rate limit (429) held after every retry.</summary>
    RateLimit,

    /// <summary>The blueprint named in the route does not exist.</summary>
    Blueprint,

    /// <summary>The entity named in the route does not exist, or Port refused the entity sent.</summary>
    Entity,

    /// <summary>A property value sent: of an entity, or of an action's inputs.</summary>
    Property,

    /// <summary>The self-service action named in the route does not exist.</summary>
    Action,

    /// <summary>A relation of the entity sent: its target does not exist, or the relation is not defined.</summary>
    RelatedEntity,

    /// <summary>A search query.</summary>
    Query,

    /// <summary>An entity has dependent entities, so Port refused to delete it (and, in bulk, the others with it).</summary>
    Dependents,

    /// <summary>The action run does not exist, or cannot take what was sent (e.g. tying an entity to a run).</summary>
    Run,

    /// <summary>The action run has already ended, so Port accepts no more updates to it.</summary>
    RunEnded,
}
