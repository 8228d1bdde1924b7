using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// port-ci's host for a step in any CI or shell: the log as the CI shows one (<see cref="CiLog"/>), with every secret it
/// was told of replaced by ***; outputs kept (bounded as on the agent) for <see cref="WriteOutputs"/>, the one JSON
/// object on stdout. Messages name flags, not task inputs.
/// </summary>
public sealed class CliHost : IStepHost
{
    private readonly CiLog _log;
    private readonly FlagWording _wording;
    private readonly BoundedOutputs _bounded;
    private readonly List<string> _secrets = [];
    private readonly object _gate = new();

    private readonly Action<string> _mask;

    /// <param name="log">How this CI shows groups, warnings and errors.</param>
    /// <param name="mask">Tells the CI's own masker of a secret (GitHub's ::add-mask::, Azure's task.setsecret); nothing elsewhere.</param>
    public CliHost(CiLog log, bool debug, string spillDirectory, FlagWording wording, Action<string>? mask = null)
    {
        _log = log;
        _mask = mask ?? (_ => { });
        DebugEnabled = debug;
        _wording = wording;
        _bounded = new BoundedOutputs((name, value) => Outputs[name] = value, Warning, spillDirectory);
    }

    public bool DebugEnabled { get; }

    /// <summary>Every output set, in the order set (a later value of the same output replaces the earlier).</summary>
    public Dictionary<string, string> Outputs { get; } = new(StringComparer.Ordinal);

    public TaskResult? Result { get; private set; }

    public void Info(string message) => Write(_log.Line, message);

    public void Debug(string message)
    {
        if (DebugEnabled)
        {
            Write(_log.Line, "debug: " + message);
        }
    }

    public void Warning(string message) => Write(_log.Warning, _wording.Say(message));

    public void Error(string message) => Write(_log.Error, _wording.Say(message));

    public void BeginGroup(string title) => Write(_log.Group, title);

    public void EndGroup()
    {
        lock (_gate)
        {
            _log.EndGroup();
        }
    }

    public void SetSecret(string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            lock (_gate)
            {
                _secrets.Add(value);
            }

            _mask(value);
        }
    }

    public void SetProgress(int percent, string operation) => Write(_log.Line, $"{Math.Clamp(percent, 0, 100)}%: {operation}");

    public void SetOutput(string name, string value, OutputFit? fit = null) => _bounded.Set(name, value, fit);

    public void SetOutputInFile(string name, string path, string fitting, string description, string size) =>
        _bounded.SetInFile(name, path, fitting, description, size);

    public string NewOutputFile(string name, string extension) => _bounded.NewFile(name, extension);

    /// <summary>The step's end: a failure was already said by <see cref="Error"/>; anything else is said here.</summary>
    public void Complete(TaskResult result, string message)
    {
        Result = result;
        if (result is not TaskResult.Failed)
        {
            Write(_log.Line, (result == TaskResult.Canceled ? "canceled: " : "") + _wording.Say(message));
        }
    }

    /// <summary>The outputs as one JSON object, on one line.</summary>
    public void WriteOutputs(Stream stdout)
    {
        OutputsJson.Write(stdout, Outputs);
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }

    /// <summary>Writes through the CI's log, every secret replaced first, one line at a time.</summary>
    private void Write(Action<string> write, string text)
    {
        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }

            write(text);
        }
    }
}
