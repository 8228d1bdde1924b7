using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.Tests;

/// <summary>Builds the environment the agent would give a task, as a dictionary.</summary>
public sealed class TestEnvironment
{
    public const string ConnectionId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public static TestEnvironment WithCredentials() => new TestEnvironment()
        .Variable("PORT_CLIENT_ID", "cid")
        .Secret("PORT_CLIENT_SECRET", "csecret");

    public TestEnvironment Input(string name, string value)
    {
        Values["INPUT_" + name.ToUpperInvariant()] = value;
        return this;
    }

    public TestEnvironment Variable(string name, string value)
    {
        Values[TaskEnvironment.ToEnvName(name)] = value;
        return this;
    }

    public TestEnvironment Secret(string name, string value)
    {
        Values["SECRET_" + TaskEnvironment.ToEnvName(name)] = value;
        return this;
    }

    public TestEnvironment Connection(string url, string clientId, string clientSecret)
    {
        Input("portConnection", ConnectionId);
        Values[$"ENDPOINT_URL_{ConnectionId}"] = url;
        Values[$"ENDPOINT_AUTH_SCHEME_{ConnectionId}"] = "UsernamePassword";
        Values[$"ENDPOINT_AUTH_PARAMETER_{ConnectionId}_USERNAME"] = clientId;
        Values[$"ENDPOINT_AUTH_PARAMETER_{ConnectionId}_PASSWORD"] = clientSecret;
        return this;
    }

    /// <summary>What the agent was told while inputs were read (the secrets registered, for instance).</summary>
    public StringWriter AgentOutput { get; } = new();

    public TaskInputReader Reader() => new(new TaskEnvironment(new DictionaryEnvironment(Values)), new AgentCommands(AgentOutput, debugEnabled: true));
}
