namespace Port.Pipelines.Tests;

public class AgentCommandsTests
{
    private StringWriter _output = null!;
    private string _spill = null!;

    [SetUp]
    public void CreateWriter()
    {
        _output = new StringWriter();
        _spill = Directory.CreateTempSubdirectory("port-agent-").FullName;
    }

    [TearDown]
    public void DisposeWriter()
    {
        _output.Dispose();
        Directory.Delete(_spill, recursive: true);
    }

    private AgentCommands Agent(bool debug = false) => new(_output, debug, _spill);

    private string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void SetOutput_WritesAnOutputVariableCommand()
    {
        Agent().SetOutput("entity", "{\"a\":\"50%\"}\nnext");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.setvariable variable=entity;isOutput=true;isSecret=false]{\"a\":\"50%AZP25\"}%0Anext\n"));
    }

    [Test]
    public void SetOutput_EscapesTheName()
    {
        Agent().SetOutput("a;b", "v");

        Assert.That(_output.ToString(), Is.EqualTo("##vso[task.setvariable variable=a%3Bb;isOutput=true;isSecret=false]v\n"));
    }

    [Test]
    public void SetOutput_AtTheLimit_IsSetWhole()
    {
        var value = new string('v', AgentCommands.MaxOutputLength);

        Agent().SetOutput("big", value, (_, _) => ("cut", "a cut"));

        Assert.That(Lines, Is.EqualTo(new[]
        {
            $"##vso[task.setvariable variable=big;isOutput=true;isSecret=false]{value}",
            "##vso[task.setvariable variable=bigFile;isOutput=true;isSecret=false]",
        }));
        Assert.That(Directory.EnumerateFileSystemEntries(_spill), Is.Empty);
    }

    [Test]
    public void SetOutput_OneOverTheLimit_GoesToAFile_TheOutputHoldsWhatFits_AndAWarningSaysWhere()
    {
        var value = "[" + new string('v', AgentCommands.MaxOutputLength) + "]";

        Agent().SetOutput("big", value, (full, limit) => (full[..10], "the first ten characters"));

        var file = Directory.GetFiles(Path.Combine(_spill, "port-outputs")).Single();
        Assert.That(File.ReadAllText(file), Is.EqualTo(value));
        Assert.That(Path.GetExtension(file), Is.EqualTo(".json"));
        Assert.That(Lines[0], Is.EqualTo($"##vso[task.setvariable variable=bigFile;isOutput=true;isSecret=false]{file}"));
        Assert.That(Lines[1], Is.EqualTo($"##vso[task.setvariable variable=big;isOutput=true;isSecret=false]{value[..10]}"));
        Assert.That(Lines[2], Does.StartWith("##vso[task.logissue type=warning]The output 'big' would be 32,768 characters, more than the 32,766")
            .And.Contain($"The whole value is in {file} (output 'bigFile'); 'big' holds the first ten characters."));
    }

    [Test]
    public void SetOutput_OverTheLimit_WithoutAFit_HoldsNothing_AndAFitThatDoesNotFitIsIgnored()
    {
        var value = new string('v', AgentCommands.MaxOutputLength + 1);

        Agent().SetOutput("plain", value);
        Agent().SetOutput("greedy", value, (full, _) => (full, "everything"));

        Assert.That(Lines, Has.Some.EqualTo("##vso[task.setvariable variable=plain;isOutput=true;isSecret=false]"));
        Assert.That(Lines, Has.Some.EqualTo("##vso[task.setvariable variable=greedy;isOutput=true;isSecret=false]"));
        Assert.That(Lines.Where(l => l.Contains("variable=", StringComparison.Ordinal)), Has.All.Length.LessThan(AgentCommands.MaxOutputLength));
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

    [TestCase(42, "42")]
    [TestCase(140, "100")]
    [TestCase(-3, "0")]
    public void SetProgress_IsClampedToAPercentage(int percent, string written)
    {
        Agent().SetProgress(percent, "80 of 200 entities\nnext");

        Assert.That(_output.ToString(), Is.EqualTo($"##vso[task.setprogress value={written};]80 of 200 entities%0Anext\n"));
    }
}
