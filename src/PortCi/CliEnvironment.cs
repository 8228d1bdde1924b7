using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// The environment a command reads, as port-ci gives it: its inputs from the flags (task.json's defaults for the rest,
/// as the Azure agent applies them), the CLI's debug switch and temp folder in place of the agent's variables, and the
/// process environment for everything else (PORT_CLIENT_ID, PORT_RUN_ID, a CI's own variables). Nothing of Azure's
/// agent contract (secret variables, service connections) leaks in from the process.
/// </summary>
public sealed class CliEnvironment : IEnvironment
{
    private readonly Dictionary<string, string> _inputs;
    private readonly IEnvironment _process;
    private readonly string _tempDirectory;
    private readonly bool _debug;
    private readonly string? _jobStatus;

    /// <param name="jobStatus">The job's result in the agent's words (<see cref="CiJob.Status"/>), read as Agent.JobStatus.</param>
    public CliEnvironment(IReadOnlyDictionary<string, string> inputs, IEnvironment process, string tempDirectory, bool debug, string? jobStatus = null)
    {
        _jobStatus = jobStatus;
        _inputs = inputs.ToDictionary(i => "INPUT_" + TaskEnvironment.ToEnvName(i.Key), i => i.Value, StringComparer.Ordinal);
        _process = process;
        _tempDirectory = tempDirectory;
        _debug = debug;
    }

    /// <summary>Port's own CLI reads its API URL from PORT_API_URL, with or without /v1.</summary>
    public const string PortCliUrlVariable = "PORT_API_URL";

    public string? Get(string name) => name switch
    {
        _ when name.StartsWith("INPUT_", StringComparison.Ordinal) => _inputs.GetValueOrDefault(name),
        "SYSTEM_DEBUG" => _debug ? "true" : null,
        "AGENT_TEMPDIRECTORY" => _tempDirectory,
        "AGENT_JOBSTATUS" => _jobStatus,
        "PORT_BASE_URL" => _process.Get(name) is { Length: > 0 } url ? url : WithoutVersion(_process.Get(PortCliUrlVariable)),
        // The agent's contract only: a path equal to it would read as "no file given", and secrets come from PORT_CLIENT_SECRET.
        "SYSTEM_DEFAULTWORKINGDIRECTORY" => null,
        _ when name.StartsWith("SECRET_", StringComparison.Ordinal) || name.StartsWith("ENDPOINT_", StringComparison.Ordinal) => null,
        _ => _process.Get(name),
    };

    private static string? WithoutVersion(string? url)
    {
        var trimmed = url?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? trimmed[..^3] : trimmed;
    }

    /// <summary>Where output values too long for an output go: the CI's temp folder, which later steps of the job can read.</summary>
    public static string TempDirectory(IEnvironment process) =>
        new[] { "RUNNER_TEMP", "AGENT_TEMPDIRECTORY" }.Select(process.Get).FirstOrDefault(d => !string.IsNullOrEmpty(d)) ?? Path.GetTempPath();
}
