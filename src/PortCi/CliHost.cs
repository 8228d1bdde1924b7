using System.Text.Json;
using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// port-ci's host for a step in any CI or shell: log lines, warnings and errors on stderr, with every secret it was told
/// of replaced by ***; outputs kept (bounded as on the agent) for <see cref="WriteOutputs"/>, the one JSON object on
/// stdout. Messages name flags, not task inputs.
/// </summary>
public sealed class CliHost : IStepHost
{
    private readonly TextWriter _log;
    private readonly FlagWording _wording;
    private readonly BoundedOutputs _bounded;
    private readonly List<string> _secrets = [];
    private readonly object _gate = new();

    private readonly Action<string> _mask;

    /// <param name="mask">Tells the CI's own masker of a secret (GitHub's ::add-mask::, Azure's task.setsecret); nothing elsewhere.</param>
    public CliHost(TextWriter log, bool debug, string spillDirectory, FlagWording wording, Action<string>? mask = null)
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

    public void Info(string message) => Write(message);

    public void Debug(string message)
    {
        if (DebugEnabled)
        {
            Write("debug: " + message);
        }
    }

    public void Warning(string message) => Write("warning: " + _wording.Say(message));

    public void Error(string message) => Write("error: " + _wording.Say(message));

    public void BeginGroup(string title) => Write($"== {title}");

    public void EndGroup()
    {
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

    public void SetProgress(int percent, string operation) => Write($"{Math.Clamp(percent, 0, 100)}%: {operation}");

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
            Write((result == TaskResult.Canceled ? "canceled: " : "") + _wording.Say(message));
        }
    }

    /// <summary>The outputs as one JSON object, on one line.</summary>
    public void WriteOutputs(Stream stdout)
    {
        // Relaxed escaping: the JSON is read by jq, readJSON and shells, not embedded in HTML, so quotes stay quotes.
        using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        foreach (var (name, value) in Outputs)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.Flush();
        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                line = line.Replace(secret, "***", StringComparison.Ordinal);
            }

            _log.WriteLine(line);
            _log.Flush();
        }
    }
}
