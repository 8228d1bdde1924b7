using System.Text.Json.Nodes;
using Port.Client;
using Port.Tasks.Common;

namespace Port.Tasks.GetEntity;

/// <summary>The inputs of PortGetEntity@1: one entity by identifier, or many by a search query.</summary>
public sealed record GetEntityInputs(
    PortConnection Connection,
    string? Blueprint,
    string? Identifier,
    JsonObject? Query,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    bool FailIfNotFound,
    string? OutputFile = null) : ITaskInputs<GetEntityInputs>
{
    public const string QueryExample = """{"combinator": "and", "rules": [{"property": "language", "operator": "=", "value": "go"}]}""";

    public InputBlame? Blame(PortErrorSubject subject) => subject switch
    {
        PortErrorSubject.Blueprint => new("blueprint", Blueprint),
        PortErrorSubject.Entity => new("identifier", Identifier),
        PortErrorSubject.Query => new("query"),
        _ => null,
    };

    public static GetEntityInputs Parse(TaskInputReader inputs)
    {
        var blueprint = inputs.String("blueprint");
        if (blueprint is not null)
        {
            PortIdentifier.ValidateBlueprint("blueprint", blueprint);
        }

        var identifier = inputs.String("identifier");
        var query = inputs.JsonObject("query", QueryExample);
        switch (identifier, query)
        {
            case (not null, not null):
                throw new TaskInputException("query", "cannot be combined with 'identifier': read one entity by identifier, or search with a query.");
            case (null, null):
                throw new TaskInputException("identifier", "is required unless a search 'query' is given: give the entity's identifier, for example 'checkout'.");
            case (not null, null) when blueprint is null:
                throw new TaskInputException("blueprint", "is required to read an entity by identifier: give the blueprint's identifier, for example 'microservice'.");
            case (not null, null):
                PortIdentifier.ValidateEntity("identifier", identifier);
                break;
        }

        if (query is not null && (query["combinator"] is null || query["rules"] is not JsonArray))
        {
            throw new TaskInputException("query", $"needs \"combinator\" (\"and\" or \"or\") and a \"rules\" array, such as {QueryExample}.");
        }

        var include = inputs.List("include");
        var exclude = inputs.List("exclude");
        var outputFile = inputs.FilePath("outputFile");
        if (outputFile is not null && query is null)
        {
            throw new TaskInputException("outputFile", "is for a search: give a 'query', or leave 'outputFile' empty to read one entity.");
        }

        if (outputFile is not null && Directory.Exists(outputFile))
        {
            throw new TaskInputException("outputFile", $"names '{outputFile}', which is a folder; give a file path such as $(Agent.TempDirectory)/services.json (or .ndjson for one entity a line).");
        }

        return new GetEntityInputs(PortConnectionResolver.Resolve(inputs), blueprint, identifier, query, include, exclude, inputs.Bool("failIfNotFound", true), outputFile);
    }
}
