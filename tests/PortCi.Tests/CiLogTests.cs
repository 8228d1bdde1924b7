using Port.Ci;
using Port.Pipelines;

namespace PortCi.Tests;

/// <summary>Warnings, errors and groups as each CI shows them, byte for byte.</summary>
public class CiLogTests
{
    private StringWriter _stdout = null!;
    private StringWriter _stderr = null!;

    [SetUp]
    public void Create()
    {
        _stdout = new StringWriter();
        _stderr = new StringWriter();
    }

    [TearDown]
    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
    }

    private CiLog Log(CiSystem ci, bool colour = false) => new(ci, _stdout, _stderr, colour);

    [Test]
    public void GitHubActions_WorkflowCommandsOnStdout_MessagesEscaped()
    {
        var log = Log(CiSystem.GitHubActions);
        log.Group("Import");
        log.Warning("50% done\nrest later");
        log.Error("failed");
        log.EndGroup();
        log.Line("plain");

        Assert.That(_stdout.ToString(), Is.EqualTo("::group::Import\n::warning::50%25 done%0Arest later\n::error::failed\n::endgroup::\n"));
        Assert.That(_stderr.ToString(), Is.EqualTo("plain\n"));
    }

    [Test]
    public void Plain_InColourOnlyWhenAsked()
    {
        Log(CiSystem.Plain, colour: true).Warning("slow");
        Log(CiSystem.Plain).Error("broken");

        Assert.That(_stderr.ToString(), Is.EqualTo("\u001b[33mwarning: \u001b[0mslow\nerror: broken\n"));
        Assert.That(_stdout.ToString(), Is.Empty);
    }

    [Test]
    public void PlainText_NeverBecomesACommandOfTheCi()
    {
        Log(CiSystem.AzurePipelines).Line("title: ##vso[task.setvariable variable=x]y");
        Log(CiSystem.GitHubActions).Line("ok\n  ::set-output name=x::y");

        Assert.That(_stderr.ToString(), Is.EqualTo("title: ##vso_[task.setvariable variable=x]y\nok\n  :\u200B:set-output name=x::y\n"));
    }

    [Test]
    public void NoColor_TurnsColourOff() =>
        Assert.That(CiLog.UseColour(new DictionaryEnvironment(new Dictionary<string, string> { ["NO_COLOR"] = "1" })), Is.False);
}
