namespace Port.Pipelines;

/// <summary>
/// The one class that writes <c>##vso[</c> logging commands and <c>##[</c> log decorations to the agent.
/// Every value goes through <see cref="CommandEscaping"/>.
/// </summary>
/// <param name="spillDirectory">Where output values too long for a variable are written (Agent.TempDirectory).</param>
public sealed class AgentCommands(TextWriter output, bool debugEnabled, string spillDirectory) : IStepHost
{
    /// <summary>The longest value an output variable may hold (see <see cref="BoundedOutputs.MaxLength"/>).</summary>
    public const int MaxOutputLength = BoundedOutputs.MaxLength;

    /// <summary>The suffix of the output that holds the path of a value too long for its own output.</summary>
    public const string FileOutputSuffix = BoundedOutputs.FileSuffix;

    private readonly object _gate = new();
    private BoundedOutputs? _outputs;

    public AgentCommands(TextWriter output, bool debugEnabled)
        : this(output, debugEnabled, Path.GetTempPath())
    {
    }

    /// <summary>The agent as the environment describes it: System.Debug and Agent.TempDirectory, read once.</summary>
    public static AgentCommands For(TaskEnvironment environment, TextWriter output) =>
        new(output, environment.IsDebug, environment.Variable("Agent.TempDirectory") ?? Path.GetTempPath());

    private BoundedOutputs Outputs => _outputs ??= new BoundedOutputs(WriteVariable, Warning, spillDirectory);

    /// <summary>A plain log line. Text from outside (Port's answers, user input) can never become a command.</summary>
    public void Info(string message) => Write(CommandEscaping.Neutralize(message));

    /// <summary>
    /// An output variable, readable as <c>$(stepName.name)</c> in later steps, bounded as <see cref="BoundedOutputs"/>
    /// says. With <paramref name="fit"/> given, <c>nameFile</c> is always set (empty when the value fits), so later
    /// steps can rely on it.
    /// </summary>
    public void SetOutput(string name, string value, OutputFit? fit = null) => Outputs.Set(name, value, fit);

    /// <inheritdoc/>
    public void SetOutputInFile(string name, string path, string fitting, string description, string size) =>
        Outputs.SetInFile(name, path, fitting, description, size);

    /// <inheritdoc/>
    public string NewOutputFile(string name, string extension) => Outputs.NewFile(name, extension);

    private void WriteVariable(string name, string value) =>
        Write($"##vso[task.setvariable variable={CommandEscaping.Property(name)};isOutput=true;isSecret=false]{CommandEscaping.Data(value)}");

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

    /// <summary>System.Debug: whether <see cref="Debug"/> writes anything.</summary>
    public bool DebugEnabled => debugEnabled;

    /// <summary>Shown by the agent only when System.Debug is true; not written at all otherwise.</summary>
    public void Debug(string message)
    {
        if (debugEnabled)
        {
            Write($"##vso[task.debug]{CommandEscaping.Data(message)}");
        }
    }

    /// <summary>The step's progress bar in the pipeline view: a percentage and what is being done.</summary>
    public void SetProgress(int percent, string operation) =>
        Write($"##vso[task.setprogress value={Math.Clamp(percent, 0, 100)};]{CommandEscaping.Data(operation)}");

    public void Complete(TaskResult result, string message) =>
        Write($"##vso[task.complete result={result};]{CommandEscaping.Data(message)}");

    /// <summary>Opens a collapsible section; the agent does not nest them.</summary>
    public void BeginGroup(string title) => Write($"##[group]{OneLine(title)}");

    public void EndGroup() => Write("##[endgroup]");

    private static string OneLine(string text) => CommandEscaping.Neutralize(text.Replace("\r", " ").Replace("\n", " "));


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
