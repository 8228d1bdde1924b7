using System.Text.Json.Nodes;

namespace EndToEnd.Cli.Integrations;

/// <summary>What became of one step of a CircleCI job: its name, and its run (null when it did not run: a skipped
/// run step, or a cache step, whose outcome is <see cref="Note"/>).</summary>
public sealed record JobStep(string Name, StepRun? Run, string Note)
{
    public override string ToString() => Run is null ? $"{Name}: {Note}" : $"{Name}: exit {Run.ExitCode}\nstdout:\n{Run.Stdout}\nstderr:\n{Run.Stderr}";
}

/// <summary>
/// A job of a CircleCI config that uses the orb, run on this machine as CircleCI runs it: the config with the packed
/// orb inline, expanded by CircleCI's rules (<see cref="CircleCiOrb.Expand"/>), then each run step a new
/// `bash -eo pipefail` in the <see cref="CircleCi"/> simulation (its step environment over the job's, $BASH_ENV sourced
/// at the start), each step run or skipped by its `when` and whether an earlier step failed, `checkout` a git
/// repository with one commit, and restore_cache/save_cache copying folders to and from <paramref name="cache"/>,
/// which jobs of one test share as CircleCI's cache. Port-ci is not on PATH until a step installs it.
/// </summary>
public sealed class CircleCiJob(string portUrl, string cache) : IDisposable
{
    /// <summary>What CircleCI puts for {{ arch }} in a cache key on a linux-x64 machine.</summary>
    public const string Arch = "arch1-linux-amd64-6_85";

    public CircleCi Ci { get; } = new(portUrl, portCiOnPath: false);

    public List<JobStep> Steps { get; } = [];

    public bool Failed { get; private set; }

    /// <summary>The step named <paramref name="name"/> (the only one), which ran.</summary>
    public StepRun Ran(string name)
    {
        var step = Steps.Single(s => s.Name == name);
        Assert.That(step.Run, Is.Not.Null, $"{name} did not run: {step.Note}\n{this}");
        return step.Run!;
    }

    /// <summary>Runs <paramref name="job"/> of <paramref name="config"/> (YAML using the orb as port).</summary>
    public CircleCiJob Run(string config, string job)
    {
        var user = Path.Combine(Ci.Workspace, "..", $"{Path.GetFileName(Ci.Workspace)}.config.yml");
        var inline = Path.ChangeExtension(user, ".inline.yml");
        File.WriteAllText(user, config);
        try
        {
            File.WriteAllText(inline, CircleCiOrb.Inline(user));
            Assert.That(CircleCiOrb.SchemaErrors(inline), Is.Empty, "the test's config, with the orb inline, is valid");
            var expanded = CircleCiOrb.Expand(inline, job);
            foreach (var (name, value) in expanded["environment"]!.AsObject())
            {
                Ci.Variables[name] = Text(value);
            }

            var index = 0;
            foreach (var step in expanded["steps"]!.AsArray().Select(s => s!.AsObject()))
            {
                RunStep(step, ++index);
            }
        }
        finally
        {
            File.Delete(user);
            File.Delete(inline);
        }

        return this;
    }

    private void RunStep(JsonObject step, int index)
    {
        var type = (string)step["type"]!;
        var name = (string?)step["name"] ?? type;
        var when = (string?)step["when"] ?? "on_success";
        if (!(when == "always" || (when == "on_success" && !Failed) || (when == "on_fail" && Failed)))
        {
            Steps.Add(new(name, null, $"skipped (when: {when})"));
            return;
        }

        switch (type)
        {
            case "run":
                var environment = step["environment"]!.AsObject().ToDictionary(p => p.Key, p => Text(p.Value), StringComparer.Ordinal);
                var run = Ci.Run(new CiStep($"step-{index}", (string)step["command"]!, environment));
                Failed |= run.ExitCode != 0;
                Steps.Add(new(name, run, $"exit {run.ExitCode}"));
                break;
            case "restore_cache":
                Steps.Add(new(name, null, Restore(step["keys"]!.AsArray().Select(k => Key((string)k!)))));
                break;
            case "save_cache":
                Steps.Add(new(name, null, Save(Key((string)step["key"]!), step["paths"]!.AsArray().Select(p => (string)p!))));
                break;
            case "checkout":
                Checkout();
                Steps.Add(new(name, null, "checked out"));
                break;
            default:
                Assert.Fail($"the job has a step CircleCiJob cannot run: {step}");
                break;
        }
    }

    private static string Text(JsonNode? value) => value?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        null => "",
        _ => value.ToString(),
    };

    private static string Key(string template)
    {
        var key = template.Replace("{{ arch }}", Arch, StringComparison.Ordinal);
        Assert.That(key, Does.Not.Contain("{{"), $"a cache key template CircleCiJob does not render: {template}");
        return key;
    }

    /// <summary>A saved path: under HOME as ~/..., so that it restores into this job's HOME, as on CircleCI's images.</summary>
    private string Local(string path) => path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Ci.Workspace, path[2..]) : path;

    /// <summary>CircleCI's restore: the first key that is a prefix of a saved key; a miss restores nothing.</summary>
    private string Restore(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var saved = Directory.Exists(cache) ? Directory.GetDirectories(cache).Select(Path.GetFileName).FirstOrDefault(k => k!.StartsWith(key, StringComparison.Ordinal)) : null;
            if (saved is null)
            {
                continue;
            }

            foreach (var entry in Directory.GetDirectories(Path.Combine(cache, saved)))
            {
                var path = File.ReadAllText(Path.Combine(entry, ".path"));
                CopyFolder(Path.Combine(entry, "content"), Local(path));
            }

            return $"restored {saved}";
        }

        return "no cache found";
    }

    /// <summary>CircleCI's save: once per key; a key already saved is left as it is.</summary>
    private string Save(string key, IEnumerable<string> paths)
    {
        var target = Path.Combine(cache, key);
        if (Directory.Exists(target))
        {
            return $"{key} is already saved";
        }

        var index = 0;
        foreach (var path in paths)
        {
            var entry = Path.Combine(target, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture));
            CopyFolder(Local(path), Path.Combine(entry, "content"));
            File.WriteAllText(Path.Combine(entry, ".path"), path);
        }

        return $"saved {key}";
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var copy = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, File.GetUnixFileMode(file)); // a cache keeps port-ci executable
            }
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    /// <summary>The checkout: a repository whose one commit was made two hours ago, so a lead time has a start.</summary>
    private void Checkout()
    {
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var git = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "dev", ["GIT_AUTHOR_EMAIL"] = "dev@example.com", ["GIT_COMMITTER_NAME"] = "dev", ["GIT_COMMITTER_EMAIL"] = "dev@example.com",
            ["GIT_AUTHOR_DATE"] = twoHoursAgo, ["GIT_COMMITTER_DATE"] = twoHoursAgo,
        };
        Tests.Repository.Run(git, 0, "git", "-C", Ci.Workspace, "init", "-q");
        Tests.Repository.Run(git, 0, "git", "-C", Ci.Workspace, "commit", "-q", "--allow-empty", "-m", "Change");
    }

    public override string ToString() => $"{(Failed ? "failed" : "succeeded")} job:\n{string.Join("\n", Steps)}";

    public void Dispose() => Ci.Dispose();
}
