using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>
/// Runs a packaged task the way the agent's Node handler does: <c>node &lt;task&gt;/launcher.js</c> with the task's
/// inputs (task.json defaults applied, trimmed), variables, secret variables and a service connection in the environment.
/// </summary>
public sealed class TaskProcess
{
    public const string ConnectionId = "6e1f0a52-3c8b-4c7e-9a55-2f4a1d9d0e11";

    private readonly string _task;
    private readonly Dictionary<string, string> _inputs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public TaskProcess(string task)
    {
        _task = task;
        foreach (var name in new[] { "PATH", "HOME", "TMPDIR", "SYSTEMROOT", "TEMP", "TMP" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                _environment[name] = value;
            }
        }
    }

    public string ClientSecret { get; private set; } = "";

    /// <summary>Whether the task runs as on a Windows agent: Windows Node and the win-x64 build, under Wine.</summary>
    private bool _windows;

    /// <summary>Runs the task as a Windows agent would, under Wine (see <see cref="Wine"/>); file inputs take Windows paths.</summary>
    public TaskProcess OnWindows()
    {
        Wine.Require();
        _windows = true;
        return this;
    }

    private (string Text, Action<Process> Action)? _onLine;

    /// <summary>Acts on the running task the moment it prints a line containing <paramref name="text"/> (once).</summary>
    public TaskProcess OnLine(string text, Action<Process> action)
    {
        _onLine = (text, action);
        return this;
    }

    public TaskProcess Input(string name, string value)
    {
        _inputs[name] = value;
        return this;
    }

    public TaskProcess Variable(string name, string value)
    {
        _environment[name.Replace('.', '_').Replace(' ', '_').ToUpperInvariant()] = value;
        return this;
    }

    public TaskProcess SecretVariable(string name, string value)
    {
        _environment["SECRET_" + name.Replace('.', '_').ToUpperInvariant()] = value;
        ClientSecret = name == "PORT_CLIENT_SECRET" ? value : ClientSecret;
        return this;
    }

    /// <summary>A Port service connection, as the agent passes one (the input holds its GUID).</summary>
    public TaskProcess ServiceConnection(string url, string clientId, string clientSecret)
    {
        Input("portConnection", ConnectionId);
        _environment[$"ENDPOINT_URL_{ConnectionId}"] = url;
        _environment[$"ENDPOINT_AUTH_SCHEME_{ConnectionId}"] = "UsernamePassword";
        _environment[$"ENDPOINT_AUTH_PARAMETER_{ConnectionId}_USERNAME"] = clientId;
        _environment[$"ENDPOINT_AUTH_PARAMETER_{ConnectionId}_PASSWORD"] = clientSecret;
        ClientSecret = clientSecret;
        return this;
    }

    /// <summary>
    /// This job as the agent describes it to a task, on the emulator's Azure DevOps stand-in: the collection, project,
    /// build, job and task record ids, and the job's access token (the SYSTEMVSSCONNECTION endpoint).
    /// </summary>
    public TaskProcess InAzureDevOpsJob(string buildId, string jobId = "job-1", string taskInstanceId = "task-self")
    {
        var collection = PackagedExtension.Emulator.AzureDevOpsCollectionUri();
        Variable("System.CollectionUri", collection).Variable("System.TeamProject", "Fabrikam").Variable("System.TeamProjectId", "fabrikam-project")
            .Variable("Build.BuildId", buildId).Variable("Build.BuildNumber", "20261123.9").Variable("Build.DefinitionName", "shop-ci")
            .Variable("System.JobId", jobId).Variable("System.TaskInstanceId", taskInstanceId);
        _environment["ENDPOINT_URL_SYSTEMVSSCONNECTION"] = collection;
        _environment["ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION"] = "OAuth";
        _environment["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = "job-access-token";
        return this;
    }

    /// <summary>The emulator's demo credentials through a service connection.</summary>
    private string? _folder;

    /// <summary>Runs the task from a copy of its packaged folder (a test may put an unpacked build in its bin/).</summary>
    public TaskProcess FromFolder(string directory)
    {
        _folder = directory;
        return this;
    }

    public TaskProcess ToEmulator() => ServiceConnection(PackagedExtension.Emulator.BaseUrl, "demo-client-id", "demo-client-secret");

    public AgentRun Run(Action<Process>? whileRunning = null)
    {
        var directory = _folder ?? PackagedExtension.TaskDirectory(_task);
        var taskJson = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "task.json")))!;
        var launcher = Path.Combine(directory, (string)taskJson["execution"]!["Node20_1"]!["target"]!);
        var start = _windows ? UnderWine(launcher) : new ProcessStartInfo("node", [launcher]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (!_windows)
        {
            start.Environment.Clear();
        }

        start.WorkingDirectory = Path.GetTempPath();
        var workingDirectory = _windows ? Wine.WindowsPath(start.WorkingDirectory) : start.WorkingDirectory;
        start.Environment["SYSTEM_DEFAULTWORKINGDIRECTORY"] = workingDirectory;
        // Each run is a job of its own: the launcher unpacks the task's binary into a fresh Agent.TempDirectory.
        var jobTemp = Directory.CreateTempSubdirectory("port-job-").FullName;
        start.Environment["AGENT_TEMPDIRECTORY"] = _windows ? Wine.WindowsPath(jobTemp) : jobTemp;
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        foreach (var input in taskJson["inputs"]!.AsArray())
        {
            var name = (string)input!["name"]!;
            var value = (_inputs.GetValueOrDefault(name) ?? (string?)input["defaultValue"] ?? "").Trim();
            if ((string?)input["type"] == "filePath" && value.Length == 0)
            {
                value = workingDirectory; // the agent gives an empty filePath input the default working directory
            }

            start.Environment["INPUT_" + name.ToUpperInvariant()] = value;
        }

        PlatformRuns.Count(_windows ? PlatformRuns.Windows : PlatformRuns.Linux);
        try
        {
            return _windows ? RunUnderWine(start, taskJson, whileRunning) : RunHere(start, taskJson, whileRunning);
        }
        finally
        {
            // The unpacked binary goes; what the task wrote stays for the test to read.
            if (Directory.Exists(Path.Combine(jobTemp, "port-tasks")))
            {
                Directory.Delete(Path.Combine(jobTemp, "port-tasks"), recursive: true);
            }
        }
    }

    private AgentRun RunHere(ProcessStartInfo start, JsonNode taskJson, Action<Process>? whileRunning)
    {

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var onLine = _onLine;
        void Received(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            if (onLine is { } watch && line.Contains(watch.Text, StringComparison.Ordinal))
            {
                onLine = null;
                watch.Action(process);
            }
        }

        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        whileRunning?.Invoke(process);
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{_task} did not finish in 90 s:\n{string.Join('\n', lines)}");
        }

        process.WaitForExit();
        var run = new AgentRun(process.ExitCode, lines);
        AssertOutputsAreDeclared(taskJson, run);
        return run;
    }

    /// <summary>
    /// <c>wine node.exe launcher.js</c>, its output to files: Windows Node under Wine cannot write to a pipe. Linux Node
    /// opens the files and starts Wine (a shell would do, but dash drops variables such as ENDPOINT_URL_&lt;guid&gt;).
    /// The environment holds only what Wine needs; <see cref="Run"/> adds the task's.
    /// </summary>
    private static ProcessStartInfo UnderWine(string launcher)
    {
        const string Redirect = """
            const fs = require('fs');
            const out = fs.openSync(process.env.PORT_WINE_OUT, 'w'), err = fs.openSync(process.env.PORT_WINE_ERR, 'w');
            const child = require('child_process').spawnSync('wine', process.argv.slice(1), { stdio: ['ignore', out, err] });
            process.exit(child.status === null ? 1 : child.status);
            """;
        var start = new ProcessStartInfo("node");
        foreach (var argument in new[] { "-e", Redirect, Wine.NodeExe!, Wine.WindowsPath(launcher) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in Wine.Variables)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private AgentRun RunUnderWine(ProcessStartInfo start, JsonNode taskJson, Action<Process>? whileRunning)
    {
        Assert.That(whileRunning is null && _onLine is null, Is.True, "a run under Wine cannot be watched while it runs");
        var output = Path.Combine(Path.GetTempPath(), $"port-wine-{Guid.NewGuid():N}");
        start.Environment["PORT_WINE_OUT"] = output + ".out";
        start.Environment["PORT_WINE_ERR"] = output + ".err";
        try
        {
            using var process = Process.Start(start)!;
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{_task} under Wine did not finish in 120 s");
            }

            var lines = File.ReadAllLines(output + ".out").Concat(File.ReadAllLines(output + ".err")).ToList();
            var run = new AgentRun(process.ExitCode, lines);
            AssertOutputsAreDeclared(taskJson, run);
            return run;
        }
        finally
        {
            File.Delete(output + ".out");
            File.Delete(output + ".err");
        }
    }

    /// <summary>Every output the task set is one its packaged task.json declares or lets it set (restrictions.settableVariables).</summary>
    private void AssertOutputsAreDeclared(JsonNode taskJson, AgentRun run)
    {
        var declared = taskJson["outputVariables"]!.AsArray().Select(o => (string)o!["name"]!).ToHashSet();
        var allowed = taskJson["restrictions"]?["settableVariables"]?["allowed"]?.AsArray().Select(a => (string)a!).ToList() ?? [];
        foreach (var name in run.Outputs.Keys)
        {
            var settable = declared.Contains(name) || allowed.Any(p => p.EndsWith('*') ? name.StartsWith(p[..^1], StringComparison.OrdinalIgnoreCase) : p.Equals(name, StringComparison.OrdinalIgnoreCase));
            Assert.That(settable, Is.True, $"{_task} set the output '{name}', which its task.json neither declares nor lets it set:\n{run}");
        }
    }
}
