using Port.Client;

namespace Port.Tasks.Common;

/// <summary>
/// Turns a Port failure into one sentence a pipeline user can act on: the input at fault when there is one (from the
/// error's subject), else where the credentials or the URL came from.
/// </summary>
public static class PortFailure
{
    public static string Describe(PortApiException exception, PortConnection connection, InputBlame? blame) => exception switch
    {
        PortAuthenticationException { Error: "missing_credentials" } => $"Port credentials are missing in {connection.CredentialSource}.",
        { Subject: PortErrorSubject.Auth } => $"Port refused the credentials from {connection.CredentialSource} ({exception.Describe()}). Check the client ID and secret (Port > Credentials) and the region of {connection.BaseUrl} (from {connection.BaseUrlSource}).",
        PortOutcomeUnknownException => exception.Message, // says itself what may have happened and what to do
        { Error: "connection_failed" or "timeout" } => $"Could not reach Port at {connection.BaseUrl} (from {connection.BaseUrlSource}): {exception.Message}",
        { Subject: PortErrorSubject.RateLimit } => $"Port's rate limit held after every retry ({exception.Describe()}). Try again later or spread the calls.",
        _ when blame is not null => $"The input '{blame.Input}' {Problem(exception, blame)}",
        _ => $"Port answered {exception.Describe()}",
    };

    private static string Problem(PortApiException exception, InputBlame blame)
    {
        var value = blame.Value is null ? "" : $"is '{blame.Value}', but ";
        return (exception.Subject, exception) switch
        {
            (PortErrorSubject.Blueprint, PortNotFoundException) => $"{value}Port has no such blueprint ({exception.Message}). Check the identifier in Port's Builder.",
            (PortErrorSubject.Entity, PortNotFoundException) => $"{value}Port has no such entity ({exception.Message}).",
            (PortErrorSubject.Action, PortNotFoundException) => $"{value}Port has no such self-service action ({exception.Message}). Check its identifier in Port > Self-service.",
            (PortErrorSubject.Run, PortNotFoundException) => $"{value}Port has no such action run ({exception.Message}). Pass the run id Port sent to the pipeline.",
            (PortErrorSubject.RelatedEntity, PortNotFoundException) => $"names a relation Port cannot resolve: {exception.Message}. Check the relation's name in the blueprint, and that its target exists (or let Port create missing targets: input 'createMissingRelatedEntities').",
            (PortErrorSubject.RunEnded, _) => $"{value}that action run has already ended, so Port accepts no more updates to it ({exception.Describe()}).",
            _ => $"was rejected by Port: {exception.Message} ({(exception.StatusCode is { } code ? $"{(int)code} " : "")}{exception.Error}).",
        };
    }
}
