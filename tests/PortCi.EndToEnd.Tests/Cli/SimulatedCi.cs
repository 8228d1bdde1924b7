using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EndToEnd.Cli;

/// <summary>
/// One step of a job: its id (GitHub's step id, Azure's step name, GitLab's job), the bash script it runs, and the
/// variables the step adds to the job's (a CircleCI run step's environment).
/// </summary>
public sealed record CiStep(string Id, string Script, IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>What one step printed and how it ended.</summary>
public sealed record StepRun(string Id, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>port-ci's outputs: the JSON object on the last line of stdout, after any lines the CI reads there.</summary>
    public JsonObject Outputs => JsonNode.Parse(Stdout.TrimEnd().Split('\n')[^1])!.AsObject();

    public override string ToString() => $"step {Id}: exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// A job of a CI as its runner runs it, on this machine: each step a new bash process in one workspace, with the
/// variables that CI sets, port-ci on PATH as installed, and each step's outputs carried to the next the way that CI
/// carries them (its output file, its variables, its dotenv report), so a later step reads them as a real one does.
/// The environment is only the CI's: nothing of the machine running the tests (such as its own CI's variables) leaks in.
/// </summary>
public abstract partial class SimulatedCi : IDisposable
{
    public const string ClientId = "demo-client-id";
    public const string ClientSecret = "demo-client-secret";

    protected SimulatedCi(string name, string portUrl)
    {
        Name = name;
        Workspace = Directory.CreateTempSubdirectory($"port-ci-{name}-").FullName;
        Environment["PATH"] = $"{CliArchive.Folder}{Path.PathSeparator}{System.Environment.GetEnvironmentVariable("PATH")}";
        Environment["HOME"] = Workspace;
        Environment["PORT_CLIENT_ID"] = ClientId;
        Environment["PORT_CLIENT_SECRET"] = ClientSecret;
        Environment["PORT_BASE_URL"] = portUrl;
    }

    private volatile Process? _running;

    public string Name { get; }

    public string Workspace { get; }

    /// <summary>The variables every step of the job gets.</summary>
    protected Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The job's variables, for a test to add its own (a CircleCI job's environment, a context).</summary>
    public IDictionary<string, string> Variables => Environment;

    public List<StepRun> Runs { get; } = [];

    /// <summary>The values the CI was asked to mask (GitHub's ::add-mask::, Azure's task.setsecret).</summary>
    public List<string> Masked { get; } = [];

    /// <summary>Flags that make port-ci hand its outputs to later steps where this CI needs one.</summary>
    public virtual string ExportFlags => "";

    /// <summary>
    /// How a later step's script reads <paramref name="output"/> (a task output name) of step <paramref name="step"/>,
    /// exported with <paramref name="prefix"/> (create-run's is PORT_CREATED_).
    /// </summary>
    public abstract string Read(string step, string output, string prefix = "PORT_");

    /// <summary>Whether a line is one the CI consumes to mask a secret, which the CI never shows.</summary>
    public virtual bool IsMaskCommand(string line) => false;

    /// <summary>Every file of the workspace: output files, dotenv reports, BASH_ENV.</summary>
    public IEnumerable<string> WrittenFiles => Directory.EnumerateFiles(Workspace, "*", SearchOption.AllDirectories);

    /// <summary>Runs the steps in order, stopping after the first that fails, as a CI does.</summary>
    public IReadOnlyList<StepRun> RunJob(params CiStep[] steps)
    {
        foreach (var step in steps)
        {
            if (Run(step).ExitCode != 0)
            {
                break;
            }
        }

        return Runs;
    }

    public StepRun Run(CiStep step)
    {
        var variables = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
        foreach (var (name, value) in step.Environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        BeforeStep(step, variables);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Workspace, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "--noprofile", "--norc", "-eo", "pipefail", "-c", Prologue + Expand(step.Script) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        _running = process;
        process.StandardInput.Close(); // a CI gives no input: port-ci must never wait for one
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Name} step {step.Id} did not finish in 2 minutes");
        }

        _running = null;
        var run = new StepRun(step.Id, process.ExitCode, stdout.Result, stderr.Result);
        Runs.Add(run);
        AfterStep(step, run);
        return run;
    }

    /// <summary>Sends SIGINT to the running step's process, as a CI does when a job is canceled.</summary>
    public void Interrupt()
    {
        var pid = _running?.Id ?? throw new InvalidOperationException("no step is running");
        using var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Shell lines every step starts with (an env-file CI's users source it there).</summary>
    protected virtual string Prologue => "";

    /// <summary>Replaces the CI's expressions in a script before it runs, as GitHub's ${{ }} and Azure's $( ) are.</summary>
    protected virtual string Expand(string script) => script;

    protected virtual void BeforeStep(CiStep step, Dictionary<string, string> variables)
    {
    }

    protected virtual void AfterStep(CiStep step, StepRun run)
    {
    }

    /// <summary>The name port-ci exports an output as: the prefix and the output in upper snake case (runId → PORT_RUN_ID).</summary>
    public static string Exported(string output, string prefix) => prefix + WordStart().Replace(output, "$1_$2").Replace('-', '_').ToUpperInvariant();

    public override string ToString() => $"{Name}:\n{string.Join("\n", Runs)}";

    public void Dispose()
    {
        Directory.Delete(Workspace, recursive: true);
        GC.SuppressFinalize(this);
    }

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex WordStart();
}
