using System.Text.Json.Nodes;
using Port.Client;
using Port.Client.Models;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>The inputs of PortUpsertEntity@1, read once and validated before anything is sent.</summary>
public sealed record UpsertEntityInputs(
    PortConnection Connection,
    string Blueprint,
    JsonObject? Entity,
    EntitiesFile? File,
    UpsertEntityOptions Options) : ITaskInputs<UpsertEntityInputs>
{
    public const string PropertiesExample = """{"version": "1.4.2", "replicas": 3}""";
    public const string RelationsExample = """{"team": "payments"}""";
    public const string EntityExample = """{"identifier": "checkout", "title": "Checkout", "properties": {"version": "1.4.2"}}""";

    /// <summary>Inputs that describe one entity; none may be combined with <c>entitiesFile</c>.</summary>
    private static readonly string[] SingleEntityInputs = ["entity", "identifier", "title", "icon", "team", "properties", "relations"];

    /// <summary>Bulk requests in flight at once unless Port pushes back; why 8: README, "Measured".</summary>
    public const int DefaultParallelRequests = 8;

    public const int MaxParallelRequests = 16;

    public bool IsBulk => File is not null;

    /// <summary>In file mode every entity came from the file; otherwise the input that gave the field Port refused.</summary>
    public InputBlame? Blame(PortErrorSubject subject) => subject switch
    {
        PortErrorSubject.Blueprint => new("blueprint", Blueprint),
        PortErrorSubject.Run or PortErrorSubject.RunEnded => new("runId", Options.RunId),
        _ when IsBulk => subject is PortErrorSubject.Entity or PortErrorSubject.Property or PortErrorSubject.RelatedEntity ? new("entitiesFile") : null,
        PortErrorSubject.Entity => new(EntityInput),
        PortErrorSubject.Property => new("properties"),
        PortErrorSubject.RelatedEntity => new("relations"),
        _ => null,
    };

    /// <summary>The input that holds the entity as a whole: 'entity' when given, else 'identifier'.</summary>
    private string EntityInput { get; init; } = "identifier";

    /// <summary>File mode: whether entities Port rejects fail the step (else it succeeds with issues).</summary>
    public bool FailOnEntityError { get; init; } = true;

    /// <summary>File mode: how many bulk requests may be in flight at once.</summary>
    public int ParallelRequests { get; init; } = DefaultParallelRequests;

    /// <summary>The run id came from the variable PORT_RUN_ID, not from the input: the author did not ask for the tie by name.</summary>
    public bool RunIdFromVariable { get; init; }

    public static UpsertEntityInputs Parse(TaskInputReader inputs)
    {
        var blueprint = inputs.RequiredString("blueprint", "the blueprint's identifier, for example 'microservice'");
        PortIdentifier.ValidateBlueprint("blueprint", blueprint);

        var options = new UpsertEntityOptions
        {
            Mode = inputs.Bool("merge", true) ? UpsertMode.Merge : UpsertMode.Replace,
            CreateMissingRelatedEntities = inputs.Bool("createMissingRelatedEntities", false),
            ValidationOnly = inputs.Bool("validationOnly", false),
            RunId = PortRunId.Read(inputs, required: false),
        };

        var runIdFromVariable = options.RunId is not null && inputs.String(PortRunId.Input) is null;
        var failOnEntityError = inputs.Bool("failOnEntityError", true); // read (and checked) in either mode
        var parallelRequests = inputs.Int("parallelRequests", DefaultParallelRequests, 1, MaxParallelRequests);
        var file = inputs.FilePath("entitiesFile");
        if (file is not null)
        {
            if (SingleEntityInputs.FirstOrDefault(name => inputs.String(name) is not null) is { } clash)
            {
                throw new TaskInputException("entitiesFile", $"cannot be combined with '{clash}': give either a file of entities or one entity.");
            }

            var entities = EntitiesFile.Open("entitiesFile", file, blueprint);
            entities.Check(); // every entity, before anything is sent
            return new UpsertEntityInputs(PortConnectionResolver.Resolve(inputs), blueprint, null, entities, options)
            {
                RunIdFromVariable = runIdFromVariable,
                FailOnEntityError = failOnEntityError,
                ParallelRequests = parallelRequests,
            };
        }

        var entity = ComposeEntity(inputs);
        return new UpsertEntityInputs(PortConnectionResolver.Resolve(inputs), blueprint, entity, null, options)
        {
            EntityInput = inputs.String("entity") is null ? "identifier" : "entity",
            RunIdFromVariable = runIdFromVariable,
        };
    }

    /// <summary>The <c>entity</c> input, if any, with the separate inputs laid over it.</summary>
    private static JsonObject ComposeEntity(TaskInputReader inputs)
    {
        var entity = inputs.JsonObject("entity", EntityExample) ?? [];
        SetIfGiven(entity, "identifier", inputs.String("identifier"));
        SetIfGiven(entity, "title", inputs.String("title"));
        SetIfGiven(entity, "icon", inputs.String("icon"));
        if (inputs.String("team") is { } team)
        {
            entity["team"] = team.StartsWith('[') ? TeamArray(team) : team;
        }

        Overlay(entity, "properties", inputs.JsonObject("properties", PropertiesExample));
        Overlay(entity, "relations", inputs.JsonObject("relations", RelationsExample));

        switch (entity["identifier"])
        {
            case JsonValue value when value.TryGetValue<string>(out var identifier):
                PortIdentifier.ValidateEntity(inputs.String("identifier") is null ? "entity" : "identifier", identifier);
                break;
            case null or JsonObject:
                break; // none (Port generates one) or a search query, which Port resolves
            default:
                throw new TaskInputException("entity", "has an 'identifier' that is neither a string nor a search query.");
        }

        if (EntityShape.Problem(entity) is { } problem)
        {
            throw new TaskInputException(inputs.String("entity") is null ? "properties" : "entity", problem);
        }

        if (entity.Count == 0)
        {
            throw new TaskInputException("identifier", "and every other entity input are empty: give at least an identifier, or the whole entity in 'entity'.");
        }

        return entity;
    }

    private static JsonArray TeamArray(string text)
    {
        var node = JsonInput.Parse("team", text, """["payments", "platform"]""");
        return node is JsonArray array && array.All(t => t is JsonValue v && v.TryGetValue<string>(out _))
            ? array
            : throw new TaskInputException("team", """must be a team identifier, or a JSON array of them such as ["payments", "platform"].""");
    }

    private static void SetIfGiven(JsonObject entity, string key, string? value)
    {
        if (value is not null)
        {
            entity[key] = value;
        }
    }

    /// <summary>Keys given in a separate input replace the same keys of the <c>entity</c> input.</summary>
    private static void Overlay(JsonObject entity, string key, JsonObject? values)
    {
        if (values is null)
        {
            return;
        }

        var target = entity[key] as JsonObject ?? [];
        entity[key] = target;
        foreach (var (name, value) in values.ToList())
        {
            values.Remove(name);
            target[name] = value;
        }
    }
}
