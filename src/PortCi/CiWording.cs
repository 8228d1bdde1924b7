using System.Text.Json;

namespace Port.Ci;

/// <summary>
/// How task.json's help reads outside Azure Pipelines (ci-wording.json, shared with scripts/ci-flags.js, which the CI
/// integrations are generated from): its phrases in words that hold in any CI, the defaults port-ci applies there,
/// and what it says first of an input that acts in Azure Pipelines only.
/// </summary>
public sealed class CiWording
{
    private readonly IReadOnlyList<(string Azure, string Any)> phrases;
    private readonly IReadOnlyDictionary<string, (string Default, string Help)> defaults;
    private readonly IReadOnlyDictionary<string, string> azureOnly;

    private CiWording(IReadOnlyList<(string, string)> phrases, IReadOnlyDictionary<string, (string, string)> defaults, IReadOnlyDictionary<string, string> azureOnly)
    {
        this.phrases = phrases;
        this.defaults = defaults;
        this.azureOnly = azureOnly;
    }

    public static CiWording Instance { get; } = Load();

    /// <summary>What port-ci's help says of an input: its help in neutral words, with what holds outside Azure Pipelines.</summary>
    public string Help(TaskInput input)
    {
        var help = phrases.Aggregate(input.Help, (text, phrase) => text.Replace(phrase.Azure, phrase.Any, StringComparison.Ordinal)).Trim();
        if (defaults.TryGetValue(input.Name, out var ci))
        {
            help = $"{help} {ci.Help}";
        }

        return azureOnly.TryGetValue(input.Name, out var first) ? $"{first} {help}" : help;
    }

    /// <summary>The default port-ci's help shows: outside Azure Pipelines' own, where port-ci applies another.</summary>
    public string? Default(TaskInput input) => defaults.TryGetValue(input.Name, out var ci) ? ci.Default : input.DefaultValue;

    private static CiWording Load()
    {
        using var stream = typeof(CiWording).Assembly.GetManifestResourceStream("ci-wording.json")
            ?? throw new InvalidOperationException("port-ci was built without ci-wording.json.");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var phrases = root.GetProperty("phrases").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!)).ToList();
        var defaults = root.GetProperty("defaults").EnumerateObject()
            .ToDictionary(d => d.Name, d => (d.Value.GetProperty("default").GetString()!, d.Value.GetProperty("help").GetString()!), StringComparer.Ordinal);
        var azureOnly = root.GetProperty("azureOnly").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!, StringComparer.Ordinal);
        return new CiWording(phrases, defaults, azureOnly);
    }
}
