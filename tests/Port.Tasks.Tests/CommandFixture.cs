using Moq;
using Port.Client;
using Port.Pipelines;
using Port.Tasks.Common;

namespace Port.Tasks.Tests;

/// <summary>
/// What the tests of one task's command share: a recording agent, a strict mock of the Port client, and the check,
/// after each test, that every output the command set is one <paramref name="task"/>'s task.json declares.
/// </summary>
public abstract class CommandFixture(string task)
{
    protected static readonly PortConnection Connection = new("https://api.getport.io", "cid", new Secret("csecret"), "test", "test");

    protected RecordingAgent Recorder { get; private set; } = null!;

    protected Mock<PortClient> ClientMock { get; private set; } = null!;

    protected string[] Lines => Recorder.Lines;

    [SetUp]
    public void CreateAgentAndClient()
    {
        Recorder = new RecordingAgent();
        ClientMock = new Mock<PortClient>(MockBehavior.Strict);
    }

    [TearDown]
    public void EveryOutputIsDeclared()
    {
        Recorder.AssertOutputsDeclared(task);
        Recorder.Dispose();
    }

    protected string Output(string name) => Recorder.Output(name);
}
