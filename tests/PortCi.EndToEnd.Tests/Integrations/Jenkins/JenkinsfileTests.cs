using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// integrations/jenkins/Jenkinsfile: Jenkins does not run here, so every port-ci command line in it is checked against
/// the built port-ci's own --help: real commands, real flags (integrations/jenkins/test/check-jenkinsfile.js).
/// </summary>
[Platform(Exclude = "Win", Reason = "the Jenkinsfile's steps are sh steps of a Linux agent")]
public class JenkinsfileTests : CliTest
{
    [Test]
    public void EveryPortCiLine_UsesARealCommand_AndOnlyItsRealFlags()
    {
        var (code, stdout, stderr) = Repository.Capture("node", [Path.Combine(Repository.Root, "integrations", "jenkins", "test", "check-jenkinsfile.js")],
            new Dictionary<string, string> { ["PATH"] = $"{CliArchive.Folder}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}" },
            TimeSpan.FromMinutes(1));

        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("port-ci command lines of Jenkinsfile: real commands, real flags."));
    }
}
