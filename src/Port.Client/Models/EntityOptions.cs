namespace Port.Client.Models;

/// <summary>How an entity write treats an existing entity with the same identifier.</summary>
public enum UpsertMode
{
    /// <summary>Create only; Port rejects an existing identifier.</summary>
    Create,

    /// <summary>Create, or replace the whole existing entity (<c>upsert=true</c>).</summary>
    Replace,

    /// <summary>Create, or update only the fields sent (<c>upsert=true&amp;merge=true</c>).</summary>
    Merge,
}

/// <summary>Query flags of <c>POST /v1/blueprints/{bp}/entities</c> and its bulk form.</summary>
public sealed record UpsertEntityOptions
{
    public UpsertMode Mode { get; init; } = UpsertMode.Merge;

    /// <summary>Create the targets of relations that do not exist yet (<c>create_missing_related_entities</c>).</summary>
    public bool CreateMissingRelatedEntities { get; init; }

    /// <summary>Validate only; Port writes nothing (<c>validation_only</c>).</summary>
    public bool ValidationOnly { get; init; }

    /// <summary>Tie the change to an action run (<c>run_id</c>).</summary>
    public string? RunId { get; init; }
}

/// <summary>Query flags of <c>GET /v1/blueprints/{bp}/entities/{id}</c> and the searches.</summary>
public sealed record GetEntityOptions
{
    /// <summary>Only these fields (<c>include</c>, e.g. <c>properties.version</c>).</summary>
    public IReadOnlyList<string>? Include { get; init; }

    /// <summary>All fields but these (<c>exclude</c>).</summary>
    public IReadOnlyList<string>? Exclude { get; init; }

    public bool ExcludeCalculatedProperties { get; init; }
}

/// <summary>Query flags of <c>DELETE /v1/blueprints/{bp}/entities/{id}</c>.</summary>
public sealed record DeleteEntityOptions
{
    public bool DeleteDependents { get; init; }

    public string? RunId { get; init; }
}
