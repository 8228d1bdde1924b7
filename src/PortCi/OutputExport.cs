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

    /// <summary>
    /// GitLab's dotenv: <c>NAME=value</c> lines, as GitLab reads them (quotes would be kept as part of the value). A
    /// value on several lines or longer than <see cref="DotenvMaxValue"/> is written to a file beside the dotenv file,
    /// whose path is the value of <c>NAME_VALUE_FILE</c>; <c>NAME</c> is then empty. (Not <c>NAME_FILE</c>: outputs
    /// such as <c>entityFile</c> already export that name.)
    /// </summary>
    public void ToDotenv(string path, IReadOnlyDictionary<string, string> outputs) =>
        WriteLines(path, outputs, value => !value.Contains('\n') && !value.Contains('\r'), value => value);

    /// <summary>
    /// <c>--env-file</c>: <c>NAME='value'</c> lines, which a shell can source (<c>set -a; . ./port.env</c>) without
    /// running any part of a value, and which dotenv readers take literally. A value holding a quote, a line break, or
    /// more than <see cref="DotenvMaxValue"/> characters goes to a file named by <c>NAME_VALUE_FILE</c>, as in a dotenv.
    /// </summary>
    public void ToEnvFile(string path, IReadOnlyDictionary<string, string> outputs) =>
        WriteLines(path, outputs, value => value.IndexOfAny(['\'', '\n', '\r']) < 0, value => $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'");

    private void WriteLines(string path, IReadOnlyDictionary<string, string> outputs, Func<string, bool> fitsOnTheLine, Func<string, string> quote)
    {
        var text = new StringBuilder();
        foreach (var (output, value) in outputs)
        {
            if (value.Length <= DotenvMaxValue && fitsOnTheLine(value))
            {
                text.Append(Name(output)).Append('=').Append(quote(value)).Append('\n');
                continue;
            }

            var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Name(output).ToLowerInvariant()}-{Guid.NewGuid():N}.txt");
            File.WriteAllText(file, value);
            text.Append(Name(output)).Append('=').Append(quote("")).Append('\n').Append(Name(output)).Append("_VALUE_FILE=").Append(quote(file)).Append('\n');
        }

        File.AppendAllText(path, text.ToString());
    }
}
