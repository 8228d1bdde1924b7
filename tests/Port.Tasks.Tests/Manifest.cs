using System.Text.Json.Nodes;

namespace Port.Tasks.Tests;

/// <summary>The repository's task manifests, enumerated from the one list: the folders tasks/&lt;Task&gt;/ that hold a task.json.</summary>
public static class Manifest
{
    public static readonly string Root = FindRoot();

    public static IReadOnlyList<string> Tasks { get; } = Directory.GetDirectories(Path.Combine(Root, "tasks"))
        .Where(dir => File.Exists(Path.Combine(dir, "task.json")))
        .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static JsonObject TaskJson(string task) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "tasks", task, "task.json")))!.AsObject();

    public static JsonObject RootJson(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, file)))!.AsObject();

    public static IReadOnlyList<string> Outputs(string task) => TaskJson(task)["outputVariables"]!.AsArray().Select(o => (string)o!["name"]!).ToList();

    public static IReadOnlyList<string> SettableVariables(string task) =>
        TaskJson(task)["restrictions"]?["settableVariables"]?["allowed"]?.AsArray().Select(v => (string)v!).ToList() ?? [];

    /// <summary>
    /// Whether the agent lets <paramref name="task"/> set <paramref name="variable"/>: it is a declared output or matches an entry
    /// of restrictions.settableVariables (the agent matches those as globs, ignoring case; ours use only a trailing '*').
    /// </summary>
    public static bool MaySet(string task, string variable) =>
        Outputs(task).Contains(variable) || SettableVariables(task).Any(pattern => pattern.EndsWith('*')
            ? variable.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, variable, StringComparison.OrdinalIgnoreCase));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortAzureTasks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PortAzureTasks.sln not found above the test directory");
    }
}
