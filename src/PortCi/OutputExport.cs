using System.Text;
using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// Hands a step's outputs to later steps in the CI's own way, besides the JSON on stdout: GitHub Actions'
/// <c>$GITHUB_OUTPUT</c>, CircleCI's <c>$BASH_ENV</c>, Azure Pipelines' <c>task.setvariable</c>, and a dotenv file
/// (GitLab's <c>artifacts:reports:dotenv</c>, or <c>--env-file</c> for any CI). Each output is exported as
/// <c>PORT_[STEP_]NAME</c> in upper snake case.
/// </summary>
public sealed class OutputExport(string prefix, TextWriter stdout)
{
    /// <summary>GitLab reads a dotenv value of at most about 5 KB, on one line: longer ones go to a file named instead.</summary>
    public const int DotenvMaxValue = 5_000;

    /// <param name="step">The <c>--name</c> of the step, so two steps of one job do not overwrite each other; null for none.</param>
    public static OutputExport For(string? step, TextWriter stdout) =>
        new("PORT_" + (string.IsNullOrEmpty(step) ? "" : UpperSnake(step) + "_"), stdout);

    /// <summary><c>entitiesFile</c> → <c>ENTITIES_FILE</c>; <c>property_version</c> → <c>PROPERTY_VERSION</c>; anything else not a letter or digit → _.</summary>
    public static string UpperSnake(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return text.ToString();
    }

    public string Name(string output) => prefix + UpperSnake(output);

    /// <summary>GitHub Actions: <c>NAME&lt;&lt;delimiter</c> lines, which hold any value, multi-line included.</summary>
    public void ToGitHubOutput(string path, IReadOnlyDictionary<string, string> outputs)
    {
        var text = new StringBuilder();
        foreach (var (output, value) in outputs)
        {
            var delimiter = $"ghadelimiter_{Guid.NewGuid():N}"; // never inside a value: a fresh one for each
            text.Append(Name(output)).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
        }

        File.AppendAllText(path, text.ToString());
    }

    /// <summary>CircleCI: <c>export NAME='value'</c> appended to <c>$BASH_ENV</c>, single-quoted so that sourcing it before the next step runs no part of a value.</summary>
    public void ToBashEnv(string path, IReadOnlyDictionary<string, string> outputs)
    {
        var text = new StringBuilder();
        foreach (var (output, value) in outputs)
        {
            text.Append("export ").Append(Name(output)).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        File.AppendAllText(path, text.ToString());
    }

    /// <summary>Azure Pipelines script steps: an output variable each, read as <c>$(step.NAME)</c> later.</summary>
    public void ToAzurePipelines(IReadOnlyDictionary<string, string> outputs)
    {
        foreach (var (output, value) in outputs)
        {
            stdout.Write($"##vso[task.setvariable variable={CommandEscaping.Property(Name(output))};isOutput=true]{CommandEscaping.Data(value)}\n");
        }

        stdout.Flush();
    }

    /// <summary>GitLab takes a dotenv report of at most 5 KB and, on its free tier, 50 variables; a larger one fails the job's upload.</summary>
    public const int DotenvMaxBytes = 5_120;

    public const int DotenvMaxVariables = 50;

    /// <summary>
    /// GitLab's dotenv: <c>NAME=value</c> lines, as GitLab reads them (quotes would be kept as part of the value). A
    /// value on several lines or longer than <see cref="DotenvMaxValue"/> is written to a file beside the dotenv file,
    /// named by <c>NAME_VALUE_FILE</c> (<c>NAME</c> is then empty); not <c>NAME_FILE</c>, which outputs such as
    /// <c>entityFile</c> already export. The report as a whole stays within GitLab's limits, counting what earlier
    /// steps appended: outputs past them go, as one JSON object, to the file named by <c>PORT_OUTPUTS_FILE</c>.
    /// Paths are relative to the working directory when inside it, as a later job finds the artifacts there.
    /// </summary>
    /// <returns>The outputs that went to the JSON file, to be named in a warning; empty when all fit.</returns>
    public IReadOnlyList<string> ToDotenv(string path, IReadOnlyDictionary<string, string> outputs)
    {
        var existing = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToList() : [];
        var bytes = existing.Sum(l => Encoding.UTF8.GetByteCount(l) + 1);
        var variables = existing.Count;
        var overflowFile = RelativeIfInside(ValueFilePath(path, "OUTPUTS", "json"));
        var reserve = Encoding.UTF8.GetByteCount($"{Name("OUTPUTS")}_FILE={overflowFile}\n"); // room to name the overflow
        var text = new StringBuilder();
        var overflow = new Dictionary<string, string>();
        foreach (var (output, value) in outputs)
        {
            var lines = value.Length <= DotenvMaxValue && !value.Contains('\n') && !value.Contains('\r')
                ? $"{Name(output)}={value}\n"
                : null;
            var size = lines is null ? 0 : Encoding.UTF8.GetByteCount(lines);
            var count = lines is null ? 2 : 1;
            if (lines is null)
            {
                var file = RelativeIfInside(ValueFilePath(path, Name(output), "txt"));
                lines = $"{Name(output)}=\n{Name(output)}_VALUE_FILE={file}\n";
                size = Encoding.UTF8.GetByteCount(lines);
                if (bytes + size + reserve <= DotenvMaxBytes && variables + count < DotenvMaxVariables)
                {
                    File.WriteAllText(file, value);
                }
            }

            if (overflow.Count > 0 || bytes + size + reserve > DotenvMaxBytes || variables + count >= DotenvMaxVariables)
            {
                overflow[output] = value; // once one spills, the rest follow it, so the report keeps the outputs' order
                continue;
            }

            text.Append(lines);
            bytes += size;
            variables += count;
        }

        if (overflow.Count > 0)
        {
            using (var file = File.Create(overflowFile))
            {
                OutputsJson.Write(file, overflow);
            }

            text.Append(Name("OUTPUTS")).Append("_FILE=").Append(overflowFile).Append('\n');
        }

        File.AppendAllText(path, text.ToString());
        return overflow.Keys.Select(Name).ToList();
    }

    /// <summary>
    /// <c>--env-file</c>: <c>NAME='value'</c> lines, which a shell can source (<c>set -a; . ./port.env</c>) without
    /// running any part of a value, and which dotenv readers take literally. A value holding a quote, a line break, or
    /// more than <see cref="DotenvMaxValue"/> characters goes to a file named by <c>NAME_VALUE_FILE</c>, as in a dotenv.
    /// </summary>
    public void ToEnvFile(string path, IReadOnlyDictionary<string, string> outputs)
    {
        static string Quote(string value) => $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
        var text = new StringBuilder();
        foreach (var (output, value) in outputs)
        {
            if (value.Length <= DotenvMaxValue && value.IndexOfAny(['\'', '\n', '\r']) < 0)
            {
                text.Append(Name(output)).Append('=').Append(Quote(value)).Append('\n');
                continue;
            }

            var file = ValueFilePath(path, Name(output), "txt");
            File.WriteAllText(file, value);
            text.Append(Name(output)).Append("=''\n").Append(Name(output)).Append("_VALUE_FILE=").Append(Quote(file)).Append('\n');
        }

        File.AppendAllText(path, text.ToString());
    }

    /// <summary>A new file beside <paramref name="outputsFile"/>, named after the variable: port_entity-&lt;guid&gt;.txt.</summary>
    private static string ValueFilePath(string outputsFile, string variable, string extension) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputsFile))!, $"{variable.ToLowerInvariant()}-{Guid.NewGuid():N}.{extension}");

    private static string RelativeIfInside(string file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }
}
