namespace Port.Pipelines;

/// <summary>
/// What a step asks of the CI that runs it: log, group, warn, fail, set an output, mask a secret, report progress,
/// and end. A command talks to Port and to this, never to a CI's own syntax: the Azure agent's
/// (<see cref="AgentCommands"/>, <c>##vso</c>) is one host, a CLI writing for any CI is another.
/// </summary>
public interface IStepHost
{
    /// <summary>Whether <see cref="Debug"/> writes anything (System.Debug on the agent).</summary>
    bool DebugEnabled { get; }

    /// <summary>A plain log line. Text from outside (Port's answers, user input) can never become a host command.</summary>
    void Info(string message);

    /// <summary>Shown only when <see cref="DebugEnabled"/>.</summary>
    void Debug(string message);

    void Warning(string message);

    void Error(string message);

    /// <summary>Opens a collapsible section of the log; hosts do not nest them.</summary>
    void BeginGroup(string title);

    void EndGroup();

    /// <summary>Registers a value with the host's masker so no later log line shows it.</summary>
    void SetSecret(string value);

    /// <summary>How far the step is, as a percentage, and what it is doing.</summary>
    void SetProgress(int percent, string operation);

    /// <summary>
    /// An output that later steps read. A value longer than <see cref="AgentCommands.MaxOutputLength"/> goes whole to a
    /// file whose path is the output <c>nameFile</c>; <c>name</c> keeps what <paramref name="fit"/> makes of it.
    /// </summary>
    void SetOutput(string name, string value, OutputFit? fit = null);

    /// <summary>An output whose whole value is in a file: <c>nameFile</c> holds the path, <c>name</c> what fits, and a warning says so.</summary>
    void SetOutputInFile(string name, string path, string fitting, string description, string size);

    /// <summary>A new file for an output's whole value, in the host's folder for such files.</summary>
    string NewOutputFile(string name, string extension);

    /// <summary>The step's result and its one-line message; the last thing a step says.</summary>
    void Complete(TaskResult result, string message);
}
