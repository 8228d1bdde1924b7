namespace Port.Pipelines;

/// <summary>
/// The output rule every host keeps: no output value over <see cref="MaxLength"/> characters. A longer value goes whole
/// to a file whose path is the output <c>nameFile</c>, the output keeps what fits, and a warning says so.
/// </summary>
/// <param name="writeVariable">Sets one output as the host does (a logging command, a file for the next step, ...).</param>
/// <param name="warn">The host's warning.</param>
/// <param name="spillDirectory">Where values too long for an output are written (Agent.TempDirectory on the agent).</param>
public sealed class BoundedOutputs(Action<string, string> writeVariable, Action<string> warn, string spillDirectory)
{
    /// <summary>
    /// The longest value an output may hold. The agent hands every output to every later step of the job as an
    /// environment variable: Windows caps one at 32,767 characters, and Linux refuses to start a process whose single
    /// environment string exceeds 128 KiB. Other CIs pass outputs the same way.
    /// </summary>
    public const int MaxLength = 32_766;

    /// <summary>The suffix of the output that holds the path of a value too long for its own output.</summary>
    public const string FileSuffix = "File";

    /// <summary>See <see cref="IStepHost.SetOutput"/>.</summary>
    public void Set(string name, string value, OutputFit? fit)
    {
        if (value.Length <= MaxLength)
        {
            writeVariable(name, value);
            if (fit is not null)
            {
                writeVariable(name + FileSuffix, "");
            }

            return;
        }

        var path = NewFile(name, value.TrimStart().StartsWith('[') || value.TrimStart().StartsWith('{') ? ".json" : ".txt");
        File.WriteAllText(path, value);
        var (capped, description) = fit?.Invoke(value, MaxLength) ?? ("", "nothing");

        SetInFile(name, path, capped, description, $"would be {value.Length:N0} characters, more than");
    }

    /// <summary>See <see cref="IStepHost.SetOutputInFile"/>.</summary>
    public void SetInFile(string name, string path, string fitting, string description, string size)
    {
        if (fitting.Length > MaxLength)
        {
            (fitting, description) = ("", "nothing");
        }

        writeVariable(name + FileSuffix, path);
        writeVariable(name, fitting);
        warn($"The output '{name}' {size} the {MaxLength:N0} characters an output variable may hold " +
            $"(the agent passes every output to every later step as an environment variable). The whole value is in {path} " +
            $"(output '{name}{FileSuffix}'); '{name}' holds {description}.");
    }

    /// <summary>A new file for an output's whole value, in <c>port-outputs</c> under the spill directory.</summary>
    public string NewFile(string name, string extension)
    {
        var directory = Path.Combine(spillDirectory, "port-outputs");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{name}-{Guid.NewGuid():N}{extension}");
    }
}
