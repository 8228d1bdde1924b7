using System.Text.Json.Nodes;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>
/// Typed access to the task's inputs, with errors that name the input. Every secret it reads (a secret input, a secret
/// variable, a service connection's confidential parameters) is registered with the agent's masker the moment it is read.
/// </summary>
public sealed class TaskInputReader(TaskEnvironment environment, IStepHost agent)
{
    /// <summary>Auth parameters of a service connection that hold secrets.</summary>
    private static readonly string[] ConfidentialParameters = ["PASSWORD", "APITOKEN", "CLIENTSECRET", "ACCESSTOKEN"];

    public TaskEnvironment Environment => environment;

    /// <summary>An input that holds a secret, masked before anything else can print it.</summary>
    public Secret? Secret(string name) => Register(String(name));

    /// <summary>A variable that may be secret (<c>SECRET_NAME</c>) or not, masked before anything else can print it.</summary>
    public Secret? SecretVariable(string name) => Register(environment.AnyVariable(name));

    /// <summary>The service connection an input names, its confidential parameters already masked.</summary>
    public ServiceEndpoint? Endpoint(string id)
    {
        var endpoint = environment.Endpoint(id);
        foreach (var key in ConfidentialParameters)
        {
            if (endpoint?.Parameter(key) is { } value)
            {
                agent.SetSecret(value);
            }
        }

        return endpoint;
    }

    private Secret? Register(string? value)
    {
        if (value is null)
        {
            return null;
        }

        agent.SetSecret(value);
        return new Secret(value);
    }

    /// <summary>An input, trimmed, or null when empty.</summary>
    /// <exception cref="TaskInputException">The input is a whole <c>$(name)</c> macro the agent could not expand.</exception>
    public string? String(string name)
    {
        var value = environment.Input(name);
        if (value is not null && IsUnexpandedMacro(value))
        {
            // The agent leaves $(name) as it is when no such variable exists.
            throw new TaskInputException(name, $"is '{value}', but this pipeline defines no variable {value[2..^1]}. Define it (as a secret variable for a secret), or remove the input.");
        }

        return value;
    }

    private static bool IsUnexpandedMacro(string value) =>
        value.Length > 3 && value.StartsWith("$(", StringComparison.Ordinal) && value.EndsWith(')')
        && value[2..^1].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    public string RequiredString(string name, string what) =>
        String(name) ?? throw new TaskInputException(name, $"is required: give {what}.");

    /// <summary>true/false (also yes/no, 1/0, as the classic editor and YAML users write them).</summary>
    public bool Bool(string name, bool defaultValue)
    {
        var text = String(name);
        return text?.ToLowerInvariant() switch
        {
            null => defaultValue,
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw new TaskInputException(name, $"is '{text}'; use true or false."),
        };
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or the default when the input is empty.</summary>
    public int Int(string name, int defaultValue, int min, int max)
    {
        var text = String(name);
        return text is null ? defaultValue
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : throw new TaskInputException(name, $"is '{text}'; use a whole number from {min} to {max} (default {defaultValue}).");
    }

    /// <summary>One of the allowed values, case-insensitively; returned as spelled in <paramref name="allowed"/>.</summary>
    public string Choice(string name, IReadOnlyList<string> allowed, string defaultValue)
    {
        var text = String(name);
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
        var path = String(name);
        var root = environment.Variable("System.DefaultWorkingDirectory");
        return path is not null && root is not null && SamePath(path, root) ? null : path;
    }

    private static bool SamePath(string a, string b) => string.Equals(
        a.TrimEnd('/', '\\'), b.TrimEnd('/', '\\'),
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    public JsonObject? JsonObject(string name, string example) =>
        String(name) is { } text ? JsonInput.ParseObject(name, text, example) : null;

    /// <summary>A list given as commas or one item a line.</summary>
    public IReadOnlyList<string> List(string name) =>
        (String(name) ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
