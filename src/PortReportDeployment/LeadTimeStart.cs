namespace Port.Tasks.ReportDeployment;

/// <summary>
/// Where a deployment's lead time starts: the oldest commit the run delivers. The Azure task reads it from the build's
/// changes (<see cref="BuildChangesLeadTime"/>); port-ci reads it from git in the checkout. Either may not know, and
/// then says why: the lead time is left out with that warning, never guessed.
/// </summary>
public interface ILeadTimeStart
{
    Task<LeadTimeStart> FindAsync(CancellationToken cancellationToken);
}

/// <summary>The oldest commit a run delivers (<see cref="Found"/>), or why it is not known (<see cref="Unknown"/>).</summary>
public sealed record LeadTimeStart
{
    private LeadTimeStart(string? commit, DateTimeOffset time, string? which, string? why, string? unknown) =>
        (Commit, Time, Which, Why, UnknownBecause) = (commit, time, which, why, unknown);

    public string? Commit { get; }

    public DateTimeOffset Time { get; }

    /// <summary>Which commit it is, for the log: "the oldest of 3 change(s)".</summary>
    public string? Which { get; }

    /// <summary>A sentence that says why that one (who named the range), or null.</summary>
    public string? Why { get; }

    /// <summary>The rest of "The lead time is left out: …", the reason and how to give a lead time.</summary>
    public string? UnknownBecause { get; }

    public static LeadTimeStart Found(string commit, DateTimeOffset time, string which, string? why = null) => new(commit, time, which, why, null);

    public static LeadTimeStart Unknown(string reasonAndFix) => new(null, default, null, null, reasonAndFix);
}
