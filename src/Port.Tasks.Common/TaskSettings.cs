using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>The pipeline variables every task shares, read once at the edge.</summary>
/// <param name="MaxRetries">PORT_MAX_RETRIES (0–10): how often a failed call to Port is tried again; null for the client's default.</param>
/// <param name="AttemptTimeout">PORT_ATTEMPT_TIMEOUT (1–180 seconds, at most what the whole call may take): how long one attempt may wait for Port's answer; null for the client's default.</param>
public sealed record TaskSettings(int? MaxRetries, TimeSpan? AttemptTimeout = null)
{
    public const string UserAgent = "port-azure-pipelines/1";

    /// <summary>An attempt cannot outlast the whole call (retries included), so its timeout is capped there: 180 s.</summary>
    private static readonly int MaxAttemptSeconds = (int)new PortClientOptions().TotalTimeout.TotalSeconds;

    /// <exception cref="TaskFailedException">A variable holds a value the task cannot use.</exception>
    public static TaskSettings Read(TaskEnvironment environment)
    {
        var retries = WholeNumber(environment, "PORT_MAX_RETRIES", 0, 10, "");
        var seconds = WholeNumber(environment, "PORT_ATTEMPT_TIMEOUT", 1, MaxAttemptSeconds, " (seconds)");
        return new TaskSettings(retries, seconds is { } s ? TimeSpan.FromSeconds(s) : null);
    }

    private static int? WholeNumber(TaskEnvironment environment, string name, int min, int max, string unit)
    {
        var text = environment.Variable(name);
        return text is null ? null
            : int.TryParse(text, out var value) && value >= min && value <= max ? value
            : throw new TaskFailedException($"The variable {name} is '{text}'; use a whole number from {min} to {max}{unit}.");
    }

    /// <summary>The Port client's options for <paramref name="connection"/>: its log goes to the agent, every token is masked the moment it exists.</summary>
    public PortClientOptions ClientOptions(PortConnection connection, IStepHost agent)
    {
        var options = new PortClientOptions
        {
            BaseUrl = connection.BaseUrl,
            ClientId = connection.ClientId,
            ClientSecret = connection.ClientSecret.Reveal(),
            Log = new AgentPortLog(agent),
            OnAccessToken = agent.SetSecret,
            UserAgent = UserAgent,
        };
        if (MaxRetries is { } retries)
        {
            options.MaxRetries = retries;
        }

        if (AttemptTimeout is { } timeout)
        {
            options.AttemptTimeout = timeout;
        }

        return options;
    }
}
