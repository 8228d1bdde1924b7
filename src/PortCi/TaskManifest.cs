using System.Text.Json;

namespace Port.Ci;

/// <summary>One input of a task, as its task.json declares it: the declaration the CLI's flags, checks and help come from.</summary>
public sealed record TaskInput(string Name, string Type, string? DefaultValue, bool Required, string Help, IReadOnlyList<string> Options)
{
    public bool IsBoolean => Type == "boolean";

    /// <summary>The flag for this input: <c>entitiesFile</c> is <c>--entities-file</c>.</summary>
    public string Flag => "--" + Kebab(Name);

    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>A task's task.json, embedded in port-ci: its description and inputs.</summary>
public sealed record TaskManifest(string Task, string Description, IReadOnlyList<TaskInput> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>Reads <c>tasks/&lt;task&gt;/task.json</c> from this executable's resources.</summary>
    public static TaskManifest Load(string task)
    {
        using var stream = typeof(TaskManifest).Assembly.GetManifestResourceStream($"tasks/{task}/task.json")
            ?? throw new InvalidOperationException($"port-ci was built without tasks/{task}/task.json.");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var inputs = root.GetProperty("inputs").EnumerateArray().Select(input => new TaskInput(
            input.GetProperty("name").GetString()!,
            input.GetProperty("type").GetString()!,
            input.TryGetProperty("defaultValue", out var value) ? value.GetString() : null,
            input.TryGetProperty("required", out var required) && required.GetBoolean(),
            input.TryGetProperty("helpMarkDown", out var help) ? help.GetString() ?? "" : "",
            input.TryGetProperty("options", out var options) ? options.EnumerateObject().Select(o => o.Name).ToList() : [])).ToList();
        var outputs = root.TryGetProperty("outputVariables", out var declared)
            ? declared.EnumerateArray().Select(o => o.GetProperty("name").GetString()!).ToList()
            : [];
        return new TaskManifest(task, root.GetProperty("description").GetString() ?? "", inputs, outputs);
    }
}
