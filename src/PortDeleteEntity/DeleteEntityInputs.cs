using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Client;
using Port.Tasks.Common;

namespace Port.Tasks.DeleteEntity;

/// <summary>The inputs of PortDeleteEntity@1: what to delete (one identifier, a list, or what a search matches) and how.</summary>
/// <param name="Identifiers">The identifiers given; empty when <paramref name="Query"/> chooses them.</param>
/// <param name="SelectedBy">The input that chose the entities: identifier, identifiers or query.</param>
public sealed record DeleteEntityInputs(
    PortConnection Connection,
    string Blueprint,
    IReadOnlyList<string> Identifiers,
    JsonObject? Query,
    string SelectedBy,
    bool DeleteDependents,
    string? RunId,
    bool FailIfNotFound,
    bool DryRun) : ITaskInputs<DeleteEntityInputs>
{
    public const string QueryExample = """{"combinator": "and", "rules": [{"property": "environment", "operator": "=", "value": "preview"}]}""";

    public InputBlame? Blame(PortErrorSubject subject) => subject switch
    {
        PortErrorSubject.Blueprint => new("blueprint", Blueprint),
        PortErrorSubject.Dependents => new("deleteDependents", "false"),
        PortErrorSubject.Query => new("query"),
        PortErrorSubject.Run or PortErrorSubject.RunEnded => new("runId", RunId),
        PortErrorSubject.Entity => new(SelectedBy),
        _ => null,
    };

    public static DeleteEntityInputs Parse(TaskInputReader inputs)
    {
        var blueprint = inputs.RequiredString("blueprint", "the blueprint's identifier, for example 'microservice'");
        PortIdentifier.ValidateBlueprint("blueprint", blueprint);

        var identifier = inputs.String("identifier");
        var list = inputs.String("identifiers");
        var query = inputs.JsonObject("query", QueryExample);
        var given = new[] { identifier is null ? null : "identifier", list is null ? null : "identifiers", query is null ? null : "query" }.OfType<string>().ToList();
        if (given.Count != 1)
        {
            throw new TaskInputException(given.Count == 0 ? "identifier" : given[1],
                given.Count == 0
                    ? "is empty, and so are 'identifiers' and 'query': give one entity's identifier, a list of them in 'identifiers', or a search in 'query'."
                    : $"cannot be combined with '{given[0]}': choose the entities one way, by 'identifier', 'identifiers' or 'query'.");
        }

        IReadOnlyList<string> identifiers = identifier is not null ? [identifier] : list is not null ? List(list) : [];
        foreach (var id in identifiers)
        {
            PortIdentifier.ValidateEntity(given[0], id);
        }

        if (query is not null && (query["combinator"] is null || query["rules"] is not JsonArray))
        {
            throw new TaskInputException("query", $"needs \"combinator\" (\"and\" or \"or\") and a \"rules\" array, such as {QueryExample}.");
        }

        return new DeleteEntityInputs(PortConnectionResolver.Resolve(inputs), blueprint, identifiers, query, given[0],
            inputs.Bool("deleteDependents", false), PortRunId.Read(inputs, required: false), inputs.Bool("failIfNotFound", false), inputs.Bool("dryRun", false));
    }

    /// <summary>One identifier a line (commas too), or a JSON array of them; each once, in order.</summary>
    private static IReadOnlyList<string> List(string text)
    {
        if (!text.StartsWith('['))
        {
            return text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        }

        var array = JsonInput.Parse("identifiers", text, """["checkout", "ledger"]""") as JsonArray;
        return array is not null && array.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? array.Select(i => (string)i!).Distinct().ToList()
            : throw new TaskInputException("identifiers", """must be one identifier a line, or a JSON array of identifier strings such as ["checkout", "ledger"].""");
    }
}
