using Port.Tasks.Common;
using Port.Tasks.ReportRun;

namespace Port.Tasks.Tests;

public class ReportRunInputsTests
{
    private static TestEnvironment Valid() => TestEnvironment.WithCredentials().Input("runId", "r_1");

    [TestCase("Succeeded", "SUCCESS", "SUCCESS")]
    [TestCase("SucceededWithIssues", "SUCCESS", "SUCCESS")]
    [TestCase("SucceededWithIssues", "FAILURE", "FAILURE")]
    [TestCase("Failed", "SUCCESS", "FAILURE")]
    [TestCase("Canceled", "SUCCESS", "FAILURE")]
    public void Auto_MapsTheJobStatus(string jobStatus, string withIssuesAs, string expected)
    {
        var inputs = ReportRunInputs.Parse(Valid().Variable("Agent.JobStatus", jobStatus).Input("succeededWithIssuesAs", withIssuesAs).Reader());

        Assert.That(inputs.Status, Is.EqualTo(expected));
        Assert.That(inputs.Ends, Is.True);
    }

    [Test]
    public void Auto_WithoutJobStatus_IsNamed()
    {
        var ex = Assert.Throws<TaskInputException>(() => ReportRunInputs.Parse(Valid().Reader()));

        Assert.That(ex!.Input, Is.EqualTo("status"));
        Assert.That(ex.Message, Does.Contain("Agent.JobStatus"));
    }

    [TestCase("in_progress", "IN_PROGRESS", false)]
    [TestCase("SUCCESS", "SUCCESS", true)]
    public void ExplicitStatus_IsCaseInsensitive(string given, string expected, bool ends)
    {
        var inputs = ReportRunInputs.Parse(Valid().Input("status", given).Reader());

        Assert.That((inputs.Status, inputs.Ends), Is.EqualTo((expected, ends)));
    }

    [Test]
    public void Link_DefaultsToThisPipelineRun()
    {
        var inputs = ReportRunInputs.Parse(Valid().Input("status", "IN_PROGRESS")
            .Variable("System.CollectionUri", "https://dev.azure.com/acme/").Variable("System.TeamProject", "Web Shop").Variable("Build.BuildId", "77").Reader());

        Assert.That(inputs.Links, Is.EqualTo(new[] { "https://dev.azure.com/acme/Web%20Shop/_build/results?buildId=77" }));
    }

    [Test]
    public void Links_AreAListOfUrls()
    {
        var inputs = ReportRunInputs.Parse(Valid().Input("status", "IN_PROGRESS").Input("link", "https://a.example, https://b.example").Reader());

        Assert.That(inputs.Links, Is.EqualTo(new[] { "https://a.example", "https://b.example" }));
    }

    [TestCase("runId", "", "runId", "is empty, and the variable PORT_RUN_ID is not set")]
    [TestCase("runId", ".", "runId", "is '.', which is not a Port action run id")]
    [TestCase("runId", "..", "runId", "is '..', which is not a Port action run id")]
    [TestCase("status", "DONE", "status", "use one of: auto, SUCCESS, FAILURE, IN_PROGRESS")]
    [TestCase("link", "not a url", "link", "not an http(s) URL")]
    public void BadInput_IsNamed(string name, string value, string expectedInput, string messagePart)
    {
        var environment = Valid().Input("status", "SUCCESS");
        environment.Input(name, value);

        var ex = Assert.Throws<TaskInputException>(() => ReportRunInputs.Parse(environment.Reader()));

        Assert.That(ex!.Input, Is.EqualTo(expectedInput));
        Assert.That(ex.Message, Does.Contain(messagePart));
    }
}
