using System.Net;
using Port.Client;
using Port.Tasks.Common;

namespace Port.Tasks.UpsertEntity;

/// <summary>Names the input behind Port's refusal of an entity write, keeping Port's own message.</summary>
public static class EntityRejection
{
    /// <returns>An input error, or null when the failure is not about the inputs (then the host describes it).</returns>
    public static TaskInputException? For(PortApiException exception, string blueprint, string? runId)
    {
        var message = exception.Message;
        bool Mentions(string word) => message.Contains(word, StringComparison.OrdinalIgnoreCase);

        return exception.StatusCode switch
        {
            HttpStatusCode.NotFound when Mentions("blueprint") && !Mentions("related") =>
                new TaskInputException("blueprint", $"is '{blueprint}', but Port has no such blueprint ({message}). Check the identifier in Port's Builder."),
            HttpStatusCode.NotFound when runId is not null && Mentions("run") =>
                new TaskInputException("runId", $"is '{runId}', but Port has no such action run ({message})."),
            HttpStatusCode.NotFound =>
                new TaskInputException("relations", $"names a related entity that Port cannot find: {message}. Create it first, or set 'createMissingRelatedEntities' to true."),
            HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest or HttpStatusCode.Conflict =>
                new TaskInputException(InputFor(message, runId), $"was rejected by Port: {message} ({(int)exception.StatusCode} {exception.Error})."),
            _ => null,
        };
    }

    private static string InputFor(string message, string? runId) =>
        runId is not null && message.Contains("run", StringComparison.OrdinalIgnoreCase) ? "runId"
        : message.Contains("relation", StringComparison.OrdinalIgnoreCase) ? "relations"
        : message.Contains("propert", StringComparison.OrdinalIgnoreCase) ? "properties"
        : message.Contains("identifier", StringComparison.OrdinalIgnoreCase) ? "identifier"
        : "entity";
}
