using System.Text.RegularExpressions;

namespace EndToEnd.Cli;

/// <summary>The CIs port-ci is tested in, each carrying outputs between steps its own way.</summary>
public static class SimulatedCis
{
    public static readonly string[] Names = ["github", "gitlab", "circleci", "azure", "bitbucket", "jenkins", "plain"];

    public static SimulatedCi Create(string name, string portUrl) => name switch
    {
        "github" => new GitHubActions(portUrl),
        "gitlab" => new GitLab(portUrl),
        "circleci" => new CircleCi(portUrl),
        "azure" => new AzurePipelines(portUrl),
        "bitbucket" => new EnvFileCi(name, portUrl, new() { ["BITBUCKET_BUILD_NUMBER"] = "42", ["BITBUCKET_WORKSPACE"] = "acme", ["BITBUCKET_REPO_SLUG"] = "checkout", ["CI"] = "true" }),
        "jenkins" => new Jenkins(portUrl),
        "plain" => new EnvFileCi(name, portUrl, []),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such simulated CI"),
    };
}

/// <summary>GitHub Actions: a step writes $GITHUB_OUTPUT; a later step's script gets ${{ steps.ID.outputs.NAME }} replaced.</summary>
public sealed partial class GitHubActions : SimulatedCi
{
    private readonly Dictionary<string, Dictionary<string, string>> _outputs = [];

    public GitHubActions(string portUrl) : base("github", portUrl)
    {
        Environment["GITHUB_ACTIONS"] = "true";
        Environment["CI"] = "true";
        Environment["GITHUB_SERVER_URL"] = "https://github.com";
        Environment["GITHUB_REPOSITORY"] = "acme/checkout";
        Environment["GITHUB_RUN_ID"] = "9001";
    }

    public override string Read(string step, string output, string prefix = "PORT_") => $"${{{{ steps.{step}.outputs.{Exported(output, prefix)} }}}}";

    public override bool IsMaskCommand(string line) => line.StartsWith("::add-mask::", StringComparison.Ordinal);

    protected override string Expand(string script) => StepOutput().Replace(script, m =>
        _outputs.TryGetValue(m.Groups[1].Value, out var values) && values.TryGetValue(m.Groups[2].Value, out var value) ? value : "");

    protected override void BeforeStep(CiStep step, Dictionary<string, string> variables)
    {
        var file = Path.Combine(Workspace, "_runner_file_commands", $"set_output_{step.Id}");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "");
        variables["GITHUB_OUTPUT"] = file;
    }

    protected override void AfterStep(CiStep step, StepRun run)
    {
        Masked.AddRange(run.Stdout.Split('\n').Where(IsMaskCommand).Select(l => l["::add-mask::".Length..].TrimEnd('\r')));
        _outputs[step.Id] = ParseOutputFile(File.ReadAllText(Path.Combine(Workspace, "_runner_file_commands", $"set_output_{step.Id}")));
    }

    /// <summary>The runner's reading: NAME=VALUE lines, or NAME&lt;&lt;DELIMITER, the value's lines, then DELIMITER.</summary>
    private static Dictionary<string, string> ParseOutputFile(string text)
    {
        var values = new Dictionary<string, string>();
        var lines = new Queue<string>(text.Split('\n'));
        while (lines.TryDequeue(out var line) && line.Length > 0)
        {
            if (line.IndexOf("<<", StringComparison.Ordinal) is var heredoc and > 0 && (line.IndexOf('=') is -1 || line.IndexOf('=') > heredoc))
            {
                var delimiter = line[(heredoc + 2)..];
                var value = new List<string>();
                while (lines.Dequeue() is var next && next != delimiter)
                {
                    value.Add(next);
                }

                values[line[..heredoc]] = string.Join('\n', value);
            }
            else
            {
                values[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
            }
        }

        return values;
    }

    [GeneratedRegex(@"\$\{\{\s*steps\.([\w-]+)\.outputs\.(\w+)\s*\}\}")]
    private static partial Regex StepOutput();
}

/// <summary>
/// GitLab CI/CD: each step is a job; a job's artifacts:reports:dotenv file (port-ci --dotenv) becomes variables of the
/// jobs after it. The API URL comes as PORT_API_URL with /v1, as Port's own CLI reads it.
/// </summary>
public sealed class GitLab : SimulatedCi
{
    private const string Report = "port.env";
    private readonly Dictionary<string, string> _reported = [];

    public GitLab(string portUrl) : base("gitlab", portUrl)
    {
        Environment.Remove("PORT_BASE_URL");
        Environment["PORT_API_URL"] = portUrl.TrimEnd('/') + "/v1";
        Environment["GITLAB_CI"] = "true";
        Environment["CI"] = "true";
        Environment["CI_JOB_URL"] = "https://gitlab.example.com/acme/checkout/-/jobs/77";
    }

    public override string ExportFlags => $"--dotenv {Report}";

    public override string Read(string step, string output, string prefix = "PORT_") => $"${{{Exported(output, prefix)}}}";

    protected override void BeforeStep(CiStep step, Dictionary<string, string> variables)
    {
        foreach (var (name, value) in _reported)
        {
            variables[name] = value;
        }
    }

    protected override void AfterStep(CiStep step, StepRun run)
    {
        var report = Path.Combine(Workspace, Report);
        if (!File.Exists(report))
        {
            return;
        }

        // GitLab's dotenv: KEY=VALUE a line, no multi-line value; a job's report is its own artifact.
        foreach (var line in File.ReadAllLines(report).Where(l => l.Contains('=')))
        {
            _reported[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
        }

        File.Move(report, Path.Combine(Workspace, $"{step.Id}.{Report}"));
    }
}

/// <summary>
/// CircleCI: every step's bash sources $BASH_ENV, to which port-ci appends its export lines. Without
/// <paramref name="portCiOnPath"/>, the job starts without port-ci, for a step to install it (the orb's install command).
/// </summary>
public sealed class CircleCi : SimulatedCi
{
    public CircleCi(string portUrl, bool portCiOnPath = true) : base("circleci", portUrl)
    {
        if (!portCiOnPath)
        {
            Environment["PATH"] = System.Environment.GetEnvironmentVariable("PATH")!;
        }

        Environment["CIRCLECI"] = "true";
        Environment["CI"] = "true";
        Environment["CIRCLE_BUILD_URL"] = "https://app.circleci.com/pipelines/gh/acme/checkout/12/workflows/w/jobs/34";
        Environment["BASH_ENV"] = Path.Combine(Workspace, ".circleci-bash-env");
        File.WriteAllText(Environment["BASH_ENV"], "");
    }

    public override string Read(string step, string output, string prefix = "PORT_") => $"${{{Exported(output, prefix)}}}";
}

/// <summary>
/// Azure Pipelines script steps: ##vso[task.setvariable ...;isOutput=true] on stdout; a later step's $(STEP.NAME) is
/// replaced with the value before it runs; ##vso[task.setsecret] registers a value with the masker.
/// </summary>
public sealed partial class AzurePipelines : SimulatedCi
{
    private readonly Dictionary<string, string> _outputs = new(StringComparer.OrdinalIgnoreCase);

    public AzurePipelines(string portUrl) : base("azure", portUrl)
    {
        Environment["TF_BUILD"] = "True";
        Environment["AGENT_JOBSTATUS"] = "Succeeded";
        Environment["BUILD_BUILDID"] = "1234";
    }

    public override string Read(string step, string output, string prefix = "PORT_") => $"$({step}.{Exported(output, prefix)})";

    public override bool IsMaskCommand(string line) => line.StartsWith("##vso[task.setsecret]", StringComparison.Ordinal);

    protected override string Expand(string script) => Macro().Replace(script, m => _outputs.GetValueOrDefault($"{m.Groups[1].Value}.{m.Groups[2].Value}", m.Value));

    protected override void AfterStep(CiStep step, StepRun run)
    {
        foreach (var line in run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (SetVariable().Match(line) is { Success: true } set)
            {
                _outputs[$"{step.Id}.{set.Groups[1].Value}"] = set.Groups[2].Value.Replace("%0D", "\r").Replace("%0A", "\n").Replace("%AZP25", "%");
            }
            else if (IsMaskCommand(line))
            {
                Masked.Add(line["##vso[task.setsecret]".Length..]);
            }
        }
    }

    [GeneratedRegex(@"\$\(([\w-]+)\.(\w+)\)")]
    private static partial Regex Macro();

    [GeneratedRegex(@"^##vso\[task\.setvariable variable=([^;\]]+);isOutput=true\](.*)$")]
    private static partial Regex SetVariable();
}

/// <summary>Jenkins: a Jenkinsfile takes a step's stdout (sh returnStdout) and reads the JSON object's fields.</summary>
public sealed class Jenkins : SimulatedCi
{
    public Jenkins(string portUrl) : base("jenkins", portUrl)
    {
        Environment["JENKINS_URL"] = "https://jenkins.example.com/";
        Environment["BUILD_URL"] = "https://jenkins.example.com/job/checkout/8/";
    }

    public override string Read(string step, string output, string prefix = "PORT_") => $"$(jq -r '.{output}' {step}.json)";

    protected override void AfterStep(CiStep step, StepRun run) => File.WriteAllText(Path.Combine(Workspace, $"{step.Id}.json"), run.Stdout);
}

/// <summary>Bitbucket Pipelines and plain shells: port-ci --env-file writes KEY=VALUE lines that later steps source.</summary>
public sealed class EnvFileCi : SimulatedCi
{
    private const string EnvFile = "port.env";

    public EnvFileCi(string name, string portUrl, Dictionary<string, string> variables) : base(name, portUrl)
    {
        foreach (var (variable, value) in variables)
        {
            Environment[variable] = value;
        }
    }

    public override string ExportFlags => $"--env-file {EnvFile}";

    public override string Read(string step, string output, string prefix = "PORT_") => $"${{{Exported(output, prefix)}}}";

    protected override string Prologue => $"set -a; if [ -f {EnvFile} ]; then . ./{EnvFile}; fi; set +a\n";
}
