using Port.Pipelines;

namespace Port.Tasks.Tests;

/// <summary>
/// The agent a command talks to in unit tests, the twin of the recording environment: it keeps every line written,
/// reads output values back, and checks every output set against the task's task.json.
/// </summary>
public sealed class RecordingAgent : IDisposable
{
    private const string SetVariable = "##vso[task.setvariable variable=";
    private readonly StringWriter _output = new();

    public RecordingAgent(bool debug = false)
    {
        SpillDirectory = Directory.CreateTempSubdirectory("port-outputs-").FullName;
        Agent = new AgentCommands(_output, debug, SpillDirectory);
    }

    public AgentCommands Agent { get; }

    /// <summary>Where outputs too long for a variable are written.</summary>
    public string SpillDirectory { get; }

    public string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The last value set for an output.</summary>
    public string Output(string name) => Lines.Last(l => l.StartsWith($"{SetVariable}{name};", StringComparison.Ordinal)).Split(']', 2)[1];

    /// <summary>Every output set is one that <paramref name="task"/>'s task.json declares or lets it set.</summary>
    public void AssertOutputsDeclared(string task)
    {
        foreach (var line in Lines.Where(l => l.StartsWith(SetVariable, StringComparison.Ordinal)))
        {
            var name = line[SetVariable.Length..line.IndexOf(';', StringComparison.Ordinal)];
            Assert.That(Manifest.MaySet(task, name), Is.True, $"{task} sets the output '{name}', which its task.json does not declare");
        }
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(SpillDirectory, recursive: true);
    }
}
