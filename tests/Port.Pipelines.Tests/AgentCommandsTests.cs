namespace Port.Pipelines.Tests;

public class AgentCommandsTests
{
    private StringWriter _output = null!;

    [SetUp]
    public void CreateWriter() => _output = new StringWriter();

    [TearDown]
    public void DisposeWriter() => _output.Dispose();

    private AgentCommands Agent(bool debug = false) => new(_output, debug);

    [Test]
    public void SetOutput_WritesAnOutputVariableCommand()
    {
        Agent().SetOutput("entity", "{\"a\":\"50%\"}\nnext");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.setvariable variable=entity;isOutput=true;isSecret=false]{\"a\":\"50%AZP25\"}%0Anext\n"));
    }

    [Test]
    public void SetOutput_EscapesTheName()
    {
        Agent().SetOutput("a;b", "v", isSecret: true);

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.setvariable variable=a%3Bb;isOutput=true;isSecret=true]v\n"));
    }

    [Test]
    public void SetSecret_RegistersTheValue_AndSkipsEmpty()
    {
        var agent = Agent();
        agent.SetSecret("s3cr%t");
        agent.SetSecret("");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.setsecret]s3cr%AZP25t\n"));
    }

    [Test]
    public void ErrorAndComplete_AreTheFailureContract()
    {
        var agent = Agent();
        agent.Error("bad\ninput");
        agent.Complete(TaskResult.Failed, "bad");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.logissue type=error]bad%0Ainput\n##vso[task.complete result=Failed;]bad\n"));
    }

    [TestCase(TaskResult.Succeeded, "Succeeded")]
    [TestCase(TaskResult.SucceededWithIssues, "SucceededWithIssues")]
    [TestCase(TaskResult.Canceled, "Canceled")]
    public void Complete_SpellsResultsAsTheAgentsEnum(TaskResult result, string spelled)
    {
        Agent().Complete(result, "m");

        Assert.That(_output.ToString(), Does.StartWith($"##vso[task.complete result={spelled};]"));
    }

    [Test]
    public void Warning_IsAWarningIssue()
    {
        Agent().Warning("careful");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.logissue type=warning]careful\n"));
    }

    [Test]
    public void Debug_IsWrittenOnlyWithSystemDebug()
    {
        Agent(debug: false).Debug("hidden");
        Agent(debug: true).Debug("shown");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.debug]shown\n"));
    }

    [Test]
    public void Groups_AreLogDecorations()
    {
        var agent = Agent();
        agent.BeginGroup("Upsert\nx");
        agent.EndGroup();

        Assert.That(_output.ToString(), Is.EqualTo("##[group]Upsert x\n##[endgroup]\n"));
    }

    [Test]
    public void Info_NeverLetsOutsideTextBecomeACommand()
    {
        Agent().Info("Port said ##vso[task.setvariable variable=x]1 and ##[error]boom");

        Assert.That(_output.ToString(), Is.EqualTo("Port said ##vso_[task.setvariable variable=x]1 and #_#[error]boom\n"));
    }
}
