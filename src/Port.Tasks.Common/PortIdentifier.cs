using System.Text.RegularExpressions;

namespace Port.Tasks.Common;

/// <summary>Port's rules for identifiers, checked before anything is sent.</summary>
public static partial class PortIdentifier
{
    public const int MaxLength = 1000;
    public const int MaxBlueprintLength = 100;

    [GeneratedRegex(@"^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$")]
    private static partial Regex EntityPattern();

    [GeneratedRegex(@"^[A-Za-z0-9@_=\-]+$")]
    private static partial Regex BlueprintPattern();

    public static void ValidateEntity(string input, string identifier)
    {
        if (identifier.Length > MaxLength)
        {
            throw new TaskInputException(input, $"is {identifier.Length} characters long; Port allows at most {MaxLength}.");
        }

        if (!EntityPattern().IsMatch(identifier))
        {
            throw new TaskInputException(input, $"is '{identifier}', which is not a valid Port identifier: use letters, digits and @ _ . + : \\ / = - (no spaces), for example 'checkout-service'.");
        }
    }

    public static void ValidateBlueprint(string input, string blueprint)
    {
        if (blueprint.Length > MaxBlueprintLength || !BlueprintPattern().IsMatch(blueprint))
        {
            throw new TaskInputException(input, $"is '{blueprint}', which is not a valid blueprint identifier: use up to {MaxBlueprintLength} letters, digits and @ _ = -, for example 'microservice'.");
        }
    }
}
