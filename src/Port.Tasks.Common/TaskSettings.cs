using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>The pipeline variables every task shares, read once at the edge.</summary>
/// <param name="MaxRetries">PORT_MAX_RETRIES (0–10): how often a failed call to Port is tried again; null for the client's default.</param>
public sealed record TaskSettings(int? MaxRetries)
{
    public const string UserAgent = "port-azure-pipelines/1";

    /// <exception cref="TaskFailedException">A variable holds a value the task cannot use.</exception>
    public static TaskSettings Read(TaskEnvironment environment)
    {
        var text = environment.Variable("PORT_MAX_RETRIES");
        int? retries = text is null ? null
            : int.TryParse(text, out var value) && value is >= 0 and <= 10 ? value
            : throw new TaskFailedException($"The variable PORT_MAX_RETRIES is '{text}'; use a whole number from 0 to 10.");
        return new TaskSettings(retries);
    }

    /// <summary>The Port client's options for <paramref name="connection"/>: its log goes to the agent, every token is masked the moment it exists.</summary>
    public PortClientOptions ClientOptions(PortConnection connection, AgentCommands agent)
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

        return options;
    }
}
