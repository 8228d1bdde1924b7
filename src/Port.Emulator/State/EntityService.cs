using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Port.Emulator.Search;
using Port.Emulator.Validation;

namespace Port.Emulator.State;

/// <summary>The query flags of an entity write.</summary>
public sealed record WriteFlags(bool Upsert, bool Merge, bool ValidationOnly, bool CreateMissingRelatedEntities, string? RunId);

/// <summary>Port's entity semantics: create, upsert (replace or merge), read, delete, search.</summary>
public sealed class EntityService(PortState state, RunService runs, TimeProvider clock)
{
    /// <returns>The stored entity and whether it was created.</returns>
    public (JsonObject Entity, bool Created) Write(string blueprintId, JsonObject body, WriteFlags flags, string user)
    {
        lock (state.Gate)
        {
            var blueprint = Blueprint(blueprintId);
            var identifier = body["identifier"] switch
            {
                null => "e_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => throw PortError.Invalid("\"identifier\" must be a string"),
            };
            EntityValidator.ValidateIdentifier(identifier);
            if (flags.RunId is { } runId)
            {
                runs.RequireInProgress(runId);
            }

            var entities = state.EntitiesOf(blueprintId);
            var existing = entities.GetValueOrDefault(identifier);
            if (existing is not null && !flags.Upsert)
            {
                throw new PortError(409, "identifier_taken", $"An entity with the identifier \"{identifier}\" already exists in the blueprint \"{blueprintId}\"");
            }

            var now = PortTime.Now(clock);
            var entity = existing is not null && flags.Merge ? Merge(existing, body) : Fresh(body);
            entity["identifier"] = identifier;
            entity["blueprint"] = blueprintId;
            entity["title"] ??= identifier;
            entity["properties"] ??= new JsonObject();
            entity["relations"] ??= new JsonObject();
            Authorship.Stamp(entity, existing, user, now);

            EntityValidator.Validate(blueprint, entity);
            RequireTeamsExist(entity);
            var missing = MissingRelationTargets(blueprint, entity);
            if (missing.Count > 0 && !flags.CreateMissingRelatedEntities)
            {
                var (target, id) = missing[0];
                throw PortError.NotFound($"The related entity \"{id}\" does not exist in the blueprint \"{target}\" (use create_missing_related_entities to create it)");
            }

            // Port creates no users or teams on the side: they are real accounts, not just entities.
            if (missing.FirstOrDefault(m => SystemBlueprints.Contains(m.Blueprint)) is ({ } protectedTarget, { } protectedId))
            {
                throw PortError.NotFound($"The related entity \"{protectedId}\" does not exist in the blueprint \"{protectedTarget}\"; users and teams are not created as missing related entities");
            }

            if (flags.ValidationOnly)
            {
                return (entity, existing is null);
            }

            foreach (var (target, id) in missing)
            {
                var related = state.EntitiesOf(target)[id] = new JsonObject
                {
                    ["identifier"] = id, ["title"] = id, ["blueprint"] = target, ["properties"] = new JsonObject(),
                    ["relations"] = new JsonObject(), ["createdAt"] = now, ["updatedAt"] = now, ["createdBy"] = user, ["updatedBy"] = user,
                };
                state.Audit.Record(AuditLog.Entity, "CREATE", AuditLog.Context(target, id, runId: flags.RunId), null, related, user, now);
            }

            entities[identifier] = entity;
            state.Audit.Record(AuditLog.Entity, existing is null ? "CREATE" : "UPDATE", AuditLog.Context(blueprintId, identifier, runId: flags.RunId), existing, entity, user, now);
            if (flags.RunId is { } affectedBy)
            {
                runs.RecordAffectedEntity(affectedBy, blueprintId, identifier);
            }

            return ((JsonObject)entity.DeepClone(), existing is null);
        }
    }

    /// <summary>PUT (replace) or PATCH (merge) of an existing entity; 404 when it does not exist.</summary>
    public JsonObject Update(string blueprintId, string identifier, JsonObject body, bool merge, WriteFlags flags, string user)
    {
        lock (state.Gate)
        {
            Get(blueprintId, identifier);
            if (body["identifier"] is JsonValue sent && (string?)sent != identifier)
            {
                throw PortError.Invalid($"The identifier in the body (\"{(string?)sent}\") differs from the one in the route (\"{identifier}\")");
            }

            var write = (JsonObject)body.DeepClone();
            write["identifier"] = identifier;
            return Write(blueprintId, write, flags with { Upsert = true, Merge = merge }, user).Entity;
        }
    }

    public JsonObject Get(string blueprintId, string identifier)
    {
        lock (state.Gate)
        {
            Blueprint(blueprintId);
            return state.EntitiesOf(blueprintId).TryGetValue(identifier, out var entity)
                ? (JsonObject)entity.DeepClone()
                : throw PortError.NotFound($"Entity with identifier \"{identifier}\" not found in blueprint \"{blueprintId}\"");
        }
    }

    /// <summary>Port's largest bulk delete.</summary>
    public const int MaxBulkDelete = 100;

    /// <summary>
    /// <c>POST /v1/blueprints/{bp}/bulk/entities/delete</c>: all or nothing. When one entity has dependents (outside the
    /// set) and <paramref name="deleteDependents"/> is false, nothing is deleted. Identifiers Port does not hold are
    /// skipped; the answer lists what was deleted.
    /// </summary>
    public List<string> BulkDelete(string blueprintId, IReadOnlyList<string> identifiers, bool deleteDependents, string? runId, string user)
    {
        if (identifiers.Count is 0 or > MaxBulkDelete)
        {
            throw PortError.Invalid($"The json provided does not match the route's schema: \"entities\" must hold 1 to {MaxBulkDelete} identifiers");
        }

        lock (state.Gate)
        {
            Blueprint(blueprintId);
            if (runId is not null)
            {
                runs.RequireInProgress(runId);
            }

            var present = identifiers.Distinct().Where(id => state.EntitiesOf(blueprintId).ContainsKey(id)).ToList();
            if (!deleteDependents && present.FirstOrDefault(id => state.AllEntities()
                    .Any(e => PointsAt(e, blueprintId, id) && !(((string?)e["blueprint"]) == blueprintId && present.Contains((string)e["identifier"]!)))) is { } held)
            {
                throw new PortError(422, "has_dependents",
                    $"The entity \"{held}\" has dependent entities; nothing was deleted. Pass delete_dependents=true to delete them too");
            }

            foreach (var identifier in present.Where(id => state.EntitiesOf(blueprintId).ContainsKey(id)))
            {
                Delete(blueprintId, identifier, deleteDependents: true, runId, user); // one may already have gone as another's dependent
            }

            return present;
        }
    }

    public void Delete(string blueprintId, string identifier, bool deleteDependents, string? runId, string user)
    {
        lock (state.Gate)
        {
            Get(blueprintId, identifier);
            if (runId is not null)
            {
                runs.RequireInProgress(runId);
            }

            var dependents = state.AllEntities().Where(e => PointsAt(e, blueprintId, identifier)).ToList();
            if (dependents.Count > 0 && !deleteDependents)
            {
                throw new PortError(422, "has_dependents",
                    $"The entity \"{identifier}\" has {dependents.Count} dependent entities; pass delete_dependents=true to delete them too");
            }

            var now = PortTime.Now(clock);
            foreach (var gone in dependents.Append(state.EntitiesOf(blueprintId)[identifier]).Distinct())
            {
                var (goneBlueprint, goneId) = ((string)gone["blueprint"]!, (string)gone["identifier"]!);
                state.EntitiesOf(goneBlueprint).Remove(goneId);
                state.Audit.Record(AuditLog.Entity, "DELETE", AuditLog.Context(goneBlueprint, goneId, runId: runId), gone, null, user, now);
            }

            if (runId is not null)
            {
                runs.RecordAffectedEntity(runId, blueprintId, identifier);
            }
        }
    }

    /// <summary>Entities of every blueprint (or one) that match the query, in insertion order.</summary>
    public List<JsonObject> Search(JsonNode? query, string? blueprintId = null)
    {
        lock (state.Gate)
        {
            if (blueprintId is not null)
            {
                Blueprint(blueprintId);
            }

            var all = state.AllEntities().ToList();
            return all
                .Where(e => blueprintId is null || (string?)e["blueprint"] == blueprintId)
                .Where(e => query is null || SearchEvaluator.Matches(e, query, all))
                .Select(e => (JsonObject)e.DeepClone())
                .ToList();
        }
    }

    public JsonObject Blueprint(string blueprintId) =>
        state.Blueprints.TryGetValue(blueprintId, out var blueprint)
            ? blueprint
            : throw PortError.NotFound($"Blueprint with identifier \"{blueprintId}\" not found");

    private static JsonObject Fresh(JsonObject body)
    {
        var entity = new JsonObject();
        foreach (var key in new[] { "title", "icon", "team", "properties", "relations" })
        {
            if (body[key] is { } value)
            {
                entity[key] = value.DeepClone();
            }
        }

        return entity;
    }

    /// <summary>Merge: top-level fields sent replace; properties and relations are merged key by key.</summary>
    private static JsonObject Merge(JsonObject existing, JsonObject body)
    {
        var entity = (JsonObject)existing.DeepClone();
        foreach (var key in new[] { "title", "icon", "team" })
        {
            if (body.ContainsKey(key))
            {
                entity[key] = body[key]?.DeepClone();
            }
        }

        foreach (var section in new[] { "properties", "relations" })
        {
            if (body[section] is JsonObject sent)
            {
                var target = entity[section] as JsonObject ?? [];
                entity[section] = target;
                foreach (var (key, value) in sent)
                {
                    target[key] = value?.DeepClone();
                }
            }
        }

        return entity;
    }

    /// <summary>An entity's teams are <c>_team</c> entities; Port refuses a team it does not know (404, as for a missing related entity).</summary>
    private void RequireTeamsExist(JsonObject entity)
    {
        var teams = state.EntitiesOf(SystemBlueprints.Team);
        if (EntityValidator.Teams(entity["team"]).FirstOrDefault(t => !teams.ContainsKey(t)) is { } unknown)
        {
            throw PortError.NotFound($"The team \"{unknown}\" does not exist (a team is an entity of the blueprint \"{SystemBlueprints.Team}\")");
        }
    }

    private List<(string Blueprint, string Identifier)> MissingRelationTargets(JsonObject blueprint, JsonObject entity)
    {
        var missing = new List<(string, string)>();
        var definitions = blueprint["relations"] as JsonObject ?? [];
        foreach (var (key, value) in entity["relations"] as JsonObject ?? [])
        {
            var target = (string?)definitions[key]?["target"] ?? "";
            var ids = value is JsonArray array ? array.Select(v => (string?)v) : [(string?)value];
            foreach (var id in ids.OfType<string>())
            {
                if (!state.EntitiesOf(target).ContainsKey(id))
                {
                    missing.Add((target, id));
                }
            }
        }

        return missing;
    }

    /// <summary>True when one of the entity's relations targets blueprintId/identifier.</summary>
    private bool PointsAt(JsonObject entity, string blueprintId, string identifier)
    {
        var definitions = state.Blueprints.GetValueOrDefault((string?)entity["blueprint"] ?? "")?["relations"] as JsonObject ?? [];
        return (entity["relations"] as JsonObject ?? []).Any(r =>
            (string?)definitions[r.Key]?["target"] == blueprintId
            && (r.Value is JsonArray a ? a.Select(v => (string?)v) : [(string?)r.Value]).Contains(identifier));
    }
}
