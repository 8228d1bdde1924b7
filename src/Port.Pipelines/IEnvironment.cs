namespace Port.Pipelines;

/// <summary>The process environment, behind an interface so tests can give a dictionary.</summary>
public interface IEnvironment
{
    string? Get(string name);
}

/// <summary>The real environment: the only place that calls <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
public sealed class ProcessEnvironment : IEnvironment
{
    public static readonly ProcessEnvironment Instance = new();

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>An environment made of a dictionary, for tests and local runs.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> values) : IEnvironment
{
    public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
}
