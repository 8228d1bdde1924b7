namespace Port.Tasks.Common;

/// <summary>
/// Port's rules for identifiers, checked before anything is sent. Written as character checks; a test holds them
/// to Port's own regular expressions.
/// </summary>
public static class PortIdentifier
{
    public const int MaxLength = 1000;
    public const int MaxBlueprintLength = 100;

    /// <summary>Port's entity pattern: <c>^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$</c>.</summary>
    public static bool IsValidEntity(string identifier) =>
        identifier.Length is > 0 and <= MaxLength
        && identifier is not ("." or "..")
        && identifier.All(c => char.IsLetter(c) || char.IsAsciiDigit(c) || "@_.+:\\/=-".Contains(c));

    /// <summary>Port's blueprint (and property) pattern: <c>^[A-Za-z0-9@_=\-]+$</c>, at most 100 characters.</summary>
    public static bool IsValidBlueprint(string blueprint) =>
        blueprint.Length is > 0 and <= MaxBlueprintLength
        && blueprint.All(c => char.IsAsciiLetterOrDigit(c) || "@_=-".Contains(c));

    public static void ValidateEntity(string input, string identifier)
    {
        if (identifier.Length > MaxLength)
        {
            throw new TaskInputException(input, $"is {identifier.Length} characters long; Port allows at most {MaxLength}.");
        }

        if (!IsValidEntity(identifier))
        {
            throw new TaskInputException(input, $"is '{identifier}', which is not a valid Port identifier: use letters, digits and @ _ . + : \\ / = - (no spaces), for example 'checkout-service'.");
        }
    }

    /// <summary>
    /// An action run id as Port sends it (<c>r_…</c>). Port documents no pattern, so this refuses only what can never be
    /// one: "." and ".." (which a URL would collapse into another route), whitespace and control characters.
    /// </summary>
    public static void ValidateRunId(string input, string runId)
    {
        if (runId is "." or ".." || runId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || runId.Length > MaxLength)
        {
            throw new TaskInputException(input, $"is '{runId}', which is not a Port action run id. Pass the id Port sent with the run (it starts with 'r_'), e.g. ${{{{ parameters.<webhook>.port_context.runId }}}}.");
        }
    }

    public static void ValidateBlueprint(string input, string blueprint)
    {
        if (!IsValidBlueprint(blueprint))
        {
            throw new TaskInputException(input, $"is '{blueprint}', which is not a valid blueprint identifier: use up to {MaxBlueprintLength} letters, digits and @ _ = -, for example 'microservice'.");
        }
    }
}
