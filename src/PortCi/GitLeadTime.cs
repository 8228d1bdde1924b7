using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Pipelines;
using Port.Tasks.ReportDeployment;

namespace Port.Ci;

/// <summary>
/// port-ci's lead-time start, read with git in the checkout it runs in: the oldest commit of <c>since..HEAD</c> (since
/// itself excluded), where since is --since-commit, else the commit the CI names as the branch's previous tip; without
/// one, HEAD's own commit. What git cannot show (no git, no repository, a shallow clone without the range, an unknown
/// commit) is a reason, never a guess. git runs as a child process: nothing to trim, nothing AOT-unsafe.
/// </summary>
/// <param name="since">The exclusive start of the range and who named it; its commit null when nobody did (then HEAD's commit).</param>
/// <param name="workingDirectory">The checkout; default: the current directory.</param>
/// <param name="git">The git executable; default: git on PATH.</param>
public sealed partial class GitLeadTime(GitLeadTime.Since since, CiSystem ci, string? workingDirectory = null, string git = "git") : ILeadTimeStart
{
    /// <summary>Where the delivered commits start (exclusive), and who named that commit; or, with no commit, why none is known.</summary>
    public sealed record Since(string? Commit, string NamedBy);

    private const string GiveALeadTime = "give --since-commit SHA or --lead-time-hours HOURS";

    /// <summary>A commit's SHA, whole or abbreviated: 4 to 64 hexadecimal digits (SHA-1 or SHA-256), so never an option to git.</summary>
    public static bool IsCommitSha(string text) => ShaPattern().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-fA-F]{4,64}$")]
    private static partial System.Text.RegularExpressions.Regex ShaPattern();

    /// <summary>--since-commit, else the previous tip the CI names (a zero SHA, GitLab's and GitHub's for a new branch, is none).</summary>
    public static Since From(CiSystem ci, IEnvironment environment, string? sinceCommit)
    {
        if (sinceCommit is not null)
        {
            return new(sinceCommit, "the commit --since-commit gives");
        }

        var name = CiJob.Name(ci);
        return ci switch
        {
            CiSystem.GitLab => Previous(environment.Get("CI_COMMIT_BEFORE_SHA"), "GitLab's CI_COMMIT_BEFORE_SHA",
                "GitLab's CI_COMMIT_BEFORE_SHA is all zeros or unset (a new branch, or a pipeline no push started)"),
            CiSystem.GitHubActions => GitHubBefore(environment),
            CiSystem.Jenkins => Previous(environment.Get("GIT_PREVIOUS_SUCCESSFUL_COMMIT"), "Jenkins' GIT_PREVIOUS_SUCCESSFUL_COMMIT",
                "Jenkins' git plugin sets no GIT_PREVIOUS_SUCCESSFUL_COMMIT (the job's first successful build, or no git plugin)"),
            CiSystem.Plain => new(null, "no CI was detected to name an earlier commit"),
            _ => new(null, $"{name} names no earlier commit to port-ci"),
        };
    }

    /// <summary>A push event's <c>before</c>. Only a push: a pull request's before is its previous head, not what a deployment delivers.</summary>
    private static Since GitHubBefore(IEnvironment environment)
    {
        var eventName = environment.Get("GITHUB_EVENT_NAME");
        if (eventName != "push")
        {
            return new(null, $"GitHub Actions names an earlier commit only for a push, and this run is a {eventName ?? "run without GITHUB_EVENT_NAME"}");
        }

        string? before = null;
        try
        {
            if (environment.Get("GITHUB_EVENT_PATH") is { Length: > 0 } path && JsonNode.Parse(File.ReadAllText(path)) is JsonObject push
                && push["before"] is JsonValue value && value.TryGetValue<string>(out var sha))
            {
                before = sha;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return new(null, $"the push event at GITHUB_EVENT_PATH could not be read ({ex.Message})");
        }

        return Previous(before, "the push's before (GITHUB_EVENT_PATH)", "the push's before is all zeros or missing (a new branch)");
    }

    private static Since Previous(string? commit, string namedBy, string none)
    {
        commit = commit?.Trim() ?? "";
        return commit.Length == 0 || commit.All(c => c == '0') ? new(null, none)
            : IsCommitSha(commit) ? new(commit, namedBy)
            : new(null, $"{namedBy} is '{commit}', not a commit SHA");
    }

    public async Task<LeadTimeStart> FindAsync(CancellationToken cancellationToken)
    {
        Git shallow;
        try
        {
            shallow = await GitAsync(cancellationToken, "rev-parse", "--is-shallow-repository").ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            return LeadTimeStart.Unknown($"git could not be started ({ex.Message}) to read which commits this run delivers. Install git, or {GiveALeadTime}.");
        }

        if (shallow.ExitCode != 0)
        {
            return LeadTimeStart.Unknown($"{Directory()} is not a git checkout ({shallow.Error}), so which commits this run delivers is unknown. Run port-ci in the checkout, or give --lead-time-hours HOURS.");
        }

        return since.Commit is null ? await HeadAsync(cancellationToken).ConfigureAwait(false)
            : await OldestSinceAsync(since.Commit, shallow.Output == "true", cancellationToken).ConfigureAwait(false);
    }

    private async Task<LeadTimeStart> HeadAsync(CancellationToken cancellationToken)
    {
        var head = await GitAsync(cancellationToken, "log", "-1", LogFormat, "HEAD").ConfigureAwait(false);
        var commits = head.ExitCode == 0 ? Commits(head.Output).ToList() : [];
        return commits is not [var commit]
            ? LeadTimeStart.Unknown($"HEAD has no commit in {Directory()} ({head.Error}). Give --lead-time-hours HOURS.")
            : LeadTimeStart.Found(commit.Sha, commit.Time, "HEAD's commit", $"{Capital(since.NamedBy)}; give --since-commit SHA for the oldest of a range.");
    }

    private async Task<LeadTimeStart> OldestSinceAsync(string commit, bool shallow, CancellationToken cancellationToken)
    {
        var named = $"{Short(commit)} ({since.NamedBy})";
        var resolved = await GitAsync(cancellationToken, "rev-parse", "--verify", "--quiet", commit + "^{commit}").ConfigureAwait(false);
        if (resolved.ExitCode != 0)
        {
            return LeadTimeStart.Unknown(shallow
                ? $"{named} is not in this shallow clone, so which commits this run delivers is unknown. {FetchHistory()}"
                : $"{named} is not a commit of this repository{(resolved.Error.Length > 0 ? $" ({resolved.Error})" : "")}, so which commits this run delivers is unknown. Check it, or {GiveALeadTime}.");
        }

        var full = resolved.Output;
        var log = await GitAsync(cancellationToken, "log", LogFormat, $"{full}..HEAD").ConfigureAwait(false);
        if (log.ExitCode != 0)
        {
            return LeadTimeStart.Unknown($"git log {Short(full)}..HEAD failed ({log.Error}). Give --lead-time-hours HOURS.");
        }

        var commits = Commits(log.Output).ToList();
        if (shallow && await CrossesShallowEdgeAsync(commits, cancellationToken).ConfigureAwait(false))
        {
            // The walk from HEAD stopped where the clone's history ends: commits before that edge may be delivered too.
            return LeadTimeStart.Unknown($"this shallow clone's history ends before it reaches {named}, so which commits this run delivers is unknown. {FetchHistory()}");
        }

        // Committer time, not author time: a rebase, cherry-pick or squash restamps it when the change enters the
        // branch, so an old authored date does not inflate the lead time; it is the commit time Port's DORA guides
        // use. (The Azure task's build changes carry the author's timestamp; on a plain merge workflow they agree.)
        // Ties go to the earliest in history: git log lists newest first.
        if (commits.Count == 0)
        {
            return LeadTimeStart.Unknown($"this run delivers no commit after {named}: HEAD is that commit or older. Give --lead-time-hours HOURS, or a --since-commit before HEAD.");
        }

        var oldest = commits.AsEnumerable().Reverse().MinBy(c => c.Time);
        return LeadTimeStart.Found(oldest.Sha, oldest.Time, $"the oldest of {commits.Count} commit(s) after {Short(full)}", $"{Short(full)} is {since.NamedBy}.");
    }

    /// <summary>
    /// Whether a commit of the range is where a shallow clone was cut (its parents absent): the range may go on beyond
    /// it. An empty range is certain even in a shallow clone: HEAD was reached from the since commit.
    /// </summary>
    private async Task<bool> CrossesShallowEdgeAsync(IReadOnlyCollection<(string Sha, DateTimeOffset Time)> commits, CancellationToken cancellationToken)
    {
        var file = await GitAsync(cancellationToken, "rev-parse", "--git-path", "shallow").ConfigureAwait(false);
        var path = Path.Combine(Directory(), file.Output);
        var edges = File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];
        return commits.Any(c => edges.Contains(c.Sha));
    }

    /// <summary>How to give git the whole history, in this CI's words.</summary>
    private string FetchHistory() => ci switch
    {
        CiSystem.GitHubActions => "Fetch the whole history (actions/checkout with fetch-depth: 0)",
        CiSystem.GitLab => "Fetch the whole history (the CI/CD variable GIT_DEPTH: 0)",
        _ => "Fetch the whole history (git fetch --unshallow before port-ci)",
    } + $", or {GiveALeadTime}.";

    /// <summary>%H and %ct: the commit and its committer time in seconds since the epoch.</summary>
    private const string LogFormat = "--format=%H %ct";

    private static IEnumerable<(string Sha, DateTimeOffset Time)> Commits(string log) =>
        from line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        let parts = line.Split(' ')
        where parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        select (parts[0], DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], CultureInfo.InvariantCulture)));

    private static string Short(string commit) => commit[..Math.Min(8, commit.Length)];

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private string Directory() => workingDirectory ?? Environment.CurrentDirectory;

    private sealed record Git(int ExitCode, string Output, string Error);

    /// <summary>Runs git in the checkout; its output trimmed, its error's first line (git's own reason).</summary>
    /// <exception cref="Win32Exception">git is not installed, or not on PATH.</exception>
    private async Task<Git> GitAsync(CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(git)
        {
            WorkingDirectory = Directory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C"; // git's messages in English, as the rest of the log
        using var process = Process.Start(start) ?? throw new Win32Exception("git did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var firstError = (await error.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return new Git(process.ExitCode, (await output.ConfigureAwait(false)).Trim(), firstError);
    }
}
