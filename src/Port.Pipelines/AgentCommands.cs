namespace Port.Pipelines;

/// <summary>
/// The one class that writes <c>##vso[</c> logging commands and <c>##[</c> log decorations to the agent.
/// Every value goes through <see cref="CommandEscaping"/>.
/// </summary>
public sealed class AgentCommands(TextWriter output, bool debugEnabled)
{
    private readonly object _gate = new();

    /// <summary>A plain log line. Text from outside (Port's answers, user input) can never become a command.</summary>
    public void Info(string message) => Write(Neutralize(message));

    /// <summary>An output variable, readable as <c>$(stepName.name)</c> in later steps.</summary>
    public void SetOutput(string name, string value, bool isSecret = false) =>
        Write($"##vso[task.setvariable variable={CommandEscaping.Property(name)};isOutput=true;isSecret={(isSecret ? "true" : "false")}]{CommandEscaping.Data(value)}");

    /// <summary>Registers a value with the agent's masker so no later log line shows it.</summary>
    public void SetSecret(string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Write($"##vso[task.setsecret]{CommandEscaping.Data(value)}");
        }
    }

    public void Error(string message) => Write($"##vso[task.logissue type=error]{CommandEscaping.Data(message)}");

    public void Warning(string message) => Write($"##vso[task.logissue type=warning]{CommandEscaping.Data(message)}");

    /// <summary>Shown by the agent only when System.Debug is true; not written at all otherwise.</summary>
    public void Debug(string message)
    {
        if (debugEnabled)
        {
            Write($"##vso[task.debug]{CommandEscaping.Data(message)}");
        }
    }

    public void Complete(TaskResult result, string message) =>
        Write($"##vso[task.complete result={result};]{CommandEscaping.Data(message)}");

    /// <summary>Opens a collapsible section; the agent does not nest them.</summary>
    public void BeginGroup(string title) => Write($"##[group]{OneLine(title)}");

    public void EndGroup() => Write("##[endgroup]");

    private static string OneLine(string text) => Neutralize(text.Replace("\r", " ").Replace("\n", " "));

    /// <summary>The agent acts on "##vso[" anywhere in a line and on "##[" decorations; break both in plain text.</summary>
    private static string Neutralize(string text) => text.Replace("##vso[", "##vso_[", StringComparison.OrdinalIgnoreCase).Replace("##[", "#_#[");

    private void Write(string line)
    {
        lock (_gate)
        {
            output.Write(line);
            output.Write('\n');
            output.Flush();
        }
    }
}
