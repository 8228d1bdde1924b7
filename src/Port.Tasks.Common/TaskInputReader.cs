using System.Text.Json.Nodes;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>Typed access to the task's inputs, with errors that name the input.</summary>
public sealed class TaskInputReader(TaskEnvironment environment)
{
    public TaskEnvironment Environment => environment;

    public string? String(string name) => environment.Input(name);

    public string RequiredString(string name, string what) =>
        environment.Input(name) ?? throw new TaskInputException(name, $"is required: give {what}.");

    /// <summary>true/false (also yes/no, 1/0, as the classic editor and YAML users write them).</summary>
    public bool Bool(string name, bool defaultValue)
    {
        var text = environment.Input(name);
        return text?.ToLowerInvariant() switch
        {
            null => defaultValue,
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new TaskInputException(name, $"is '{text}'; use true or false."),
        };
    }

    /// <summary>One of the allowed values, case-insensitively; returned as spelled in <paramref name="allowed"/>.</summary>
    public string Choice(string name, IReadOnlyList<string> allowed, string defaultValue)
    {
        var text = environment.Input(name);
        if (text is null)
        {
            return defaultValue;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new TaskInputException(name, $"is '{text}'; use one of: {string.Join(", ", allowed)}.");
    }

    /// <summary>
    /// A filePath input, or null when none was given. The agent turns an empty filePath input into
    /// System.DefaultWorkingDirectory (the repository root), so that value means "not supplied", as in task-lib.
    /// </summary>
    public string? FilePath(string name)
    {
        var path = environment.Input(name);
        var root = environment.Variable("System.DefaultWorkingDirectory");
        return path is not null && root is not null && SamePath(path, root) ? null : path;
    }

    private static bool SamePath(string a, string b) => string.Equals(
        a.TrimEnd('/', '\\'), b.TrimEnd('/', '\\'),
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public JsonObject? JsonObject(string name, string example) =>
        environment.Input(name) is { } text ? JsonInput.ParseObject(name, text, example) : null;

    /// <summary>A list given as commas or one item a line.</summary>
    public IReadOnlyList<string> List(string name) =>
        (environment.Input(name) ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
