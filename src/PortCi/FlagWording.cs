using System.Text.RegularExpressions;

namespace Port.Ci;

/// <summary>
/// Says the commands' messages in a CLI's words: "The input 'entitiesFile'" becomes "The flag --entities-file", and
/// the agent's System.Debug becomes --debug. Only the names of the command's own inputs are changed.
/// </summary>
public sealed partial class FlagWording(TaskManifest manifest)
{
    private readonly HashSet<string> _inputs = manifest.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);

    public string Say(string message)
    {
        var worded = InputsPair().Replace(message, m => Known(m, 2) && Known(m, 3) ? $"{m.Groups[1].Value}flags {Flag(m, 2)} and {Flag(m, 3)}" : m.Value);
        worded = OneInput().Replace(worded, m => Known(m, 2) ? $"{(m.Groups[1].Value == "The" ? "The" : "the")} flag {Flag(m, 2)}".TrimStart() : m.Value);
        worded = BareInput().Replace(worded, m => Known(m, 1) ? Flag(m, 1) : m.Value);
        return worded.Replace("set System.Debug to true", "add --debug", StringComparison.Ordinal);
    }

    private bool Known(Match match, int group) => _inputs.Contains(match.Groups[group].Value);

    private static string Flag(Match match, int group) => "--" + TaskInput.Kebab(match.Groups[group].Value);

    [GeneratedRegex(@"(the |The )?inputs '(\w+)' and '(\w+)'")]
    private static partial Regex InputsPair();

    [GeneratedRegex(@"(The|the)? ?input '(\w+)'")]
    private static partial Regex OneInput();

    /// <summary>A camel-case input named alone, such as 'failIfRunFails'.</summary>
    [GeneratedRegex(@"'([a-z]+[A-Z]\w*)'")]
    private static partial Regex BareInput();
}
