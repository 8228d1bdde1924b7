using Port.Tasks.Common;

namespace Port.Tasks.Tests;

public class PortRunIdTests
{
    [Test]
    public void TheInput_WinsOverTheVariable()
    {
        var reader = new TestEnvironment().Input("runId", "r_input").Variable("PORT_RUN_ID", "r_variable").Reader();

        Assert.That(PortRunId.Read(reader, required: true), Is.EqualTo("r_input"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void AnEmptyInput_FallsBackToPortRunId_SecretOrNot(bool secret)
    {
        var environment = new TestEnvironment();
        _ = secret ? environment.Secret("PORT_RUN_ID", "r_queue_time") : environment.Variable("PORT_RUN_ID", "r_queue_time");

        Assert.That(PortRunId.Read(environment.Reader(), required: true), Is.EqualTo("r_queue_time"));
    }

    [Test]
    public void ABadVariable_IsNamed()
    {
        var ex = Assert.Throws<TaskFailedException>(() => PortRunId.Read(new TestEnvironment().Variable("PORT_RUN_ID", "..").Reader(), required: false));

        Assert.That(ex!.Message, Does.StartWith("The variable PORT_RUN_ID (used because the input 'runId' is empty) is '..', which is not a Port action run id"));
    }

    [Test]
    public void Neither_IsNullUnlessRequired()
    {
        Assert.That(PortRunId.Read(new TestEnvironment().Reader(), required: false), Is.Null);
        var ex = Assert.Throws<TaskInputException>(() => PortRunId.Read(new TestEnvironment().Reader(), required: true));
        Assert.That(ex!.Message, Does.StartWith("The input 'runId' is empty, and the variable PORT_RUN_ID is not set"));
    }
}
