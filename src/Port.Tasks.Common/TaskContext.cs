using Port.Client;
using Port.Pipelines;

namespace Port.Tasks.Common;

/// <summary>What a task's entry point gets from the host: its inputs, the agent, and a way to make a Port client.</summary>
public sealed class TaskContext(TaskEnvironment environment, AgentCommands agent, Func<PortClientOptions, PortClient> clientFactory)
{
    public TaskEnvironment Environment => environment;

    public TaskInputReader Inputs { get; } = new(environment);

    public AgentCommands Agent => agent;

    /// <summary>The connection used by the client made last; for failure messages.</summary>
    public PortConnection? Connection { get; private set; }

    /// <summary>A Port client for <paramref name="connection"/>; the access token is masked the moment it exists.</summary>
    public PortClient CreatePortClient(PortConnection connection)
    {
        Connection = connection;
        agent.SetSecret(connection.ClientSecret);
        var options = new PortClientOptions
        {
            BaseUrl = connection.BaseUrl,
            ClientId = connection.ClientId,
            ClientSecret = connection.ClientSecret,
            Log = new AgentPortLog(agent),
            OnAccessToken = agent.SetSecret,
            UserAgent = "port-azure-pipelines/1",
        };
        if (MaxRetries() is { } retries)
        {
            options.MaxRetries = retries;
        }

        return clientFactory(options);
    }

    /// <summary>Runs <paramref name="work"/> with a Port client for <paramref name="connection"/>, disposed afterwards.</summary>
    public async Task<TaskOutcome> WithPortClientAsync(PortConnection connection, Func<PortClient, Task<TaskOutcome>> work)
    {
        using var client = CreatePortClient(connection);
        return await work(client).ConfigureAwait(false);
    }

    /// <summary>The pipeline variable PORT_MAX_RETRIES (0–10) tunes how often a failed call is tried again.</summary>
    private int? MaxRetries()
    {
        var text = environment.Variable("PORT_MAX_RETRIES");
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, out var retries) && retries is >= 0 and <= 10
            ? retries
            : throw new TaskFailedException($"The variable PORT_MAX_RETRIES is '{text}'; use a whole number from 0 to 10.");
    }
}
