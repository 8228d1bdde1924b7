namespace Port.Pipelines.Tests;

public class TaskEnvironmentTests
{
    private static TaskEnvironment With(params (string Name, string Value)[] values) =>
        new(new DictionaryEnvironment(values.ToDictionary(v => v.Name, v => v.Value)));

    [Test]
    public void Input_IsReadFromUpperCaseInputVariable_AndTrimmed()
    {
        var environment = With(("INPUT_PORTCONNECTION", "  abc \n"));

        Assert.That(environment.Input("portConnection"), Is.EqualTo("abc"));
    }

    [Test]
    public void Input_Blank_IsNull()
    {
        Assert.That(With(("INPUT_TITLE", "   ")).Input("title"), Is.Null);
    }

    [TestCase("System.Debug", "SYSTEM_DEBUG")]
    [TestCase("Agent.JobStatus", "AGENT_JOBSTATUS")]
    [TestCase("my var", "MY_VAR")]
    public void ToEnvName_FollowsTheAgent(string name, string expected)
    {
        Assert.That(TaskEnvironment.ToEnvName(name), Is.EqualTo(expected));
    }

    [Test]
    public void SecretVariable_IsReadFromSecretPrefix_AndWinsInAnyVariable()
    {
        var environment = With(("SECRET_PORT_CLIENT_SECRET", "s"), ("PORT_CLIENT_SECRET", "plain"));

        Assert.That(environment.SecretVariable("PORT_CLIENT_SECRET"), Is.EqualTo("s"));
        Assert.That(environment.AnyVariable("PORT_CLIENT_SECRET"), Is.EqualTo("s"));
    }

    [TestCase("true", true)]
    [TestCase("True", true)]
    [TestCase("false", false)]
    public void IsDebug_FollowsSystemDebug(string value, bool expected)
    {
        Assert.That(With(("SYSTEM_DEBUG", value)).IsDebug, Is.EqualTo(expected));
    }

    [Test]
    public void Endpoint_IsReadByNormalisedGuid()
    {
        const string id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        var environment = With(
            ($"ENDPOINT_URL_{id}", "https://api.us.getport.io"),
            ($"ENDPOINT_AUTH_SCHEME_{id}", "UsernamePassword"),
            ($"ENDPOINT_AUTH_PARAMETER_{id}_USERNAME", "cid"),
            ($"ENDPOINT_AUTH_PARAMETER_{id}_PASSWORD", "secret"));

        var endpoint = environment.Endpoint("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

        Assert.That(endpoint, Is.Not.Null);
        Assert.That(endpoint!.Url, Is.EqualTo("https://api.us.getport.io"));
        Assert.That(endpoint.AuthScheme, Is.EqualTo("UsernamePassword"));
        Assert.That(endpoint.Parameter("username"), Is.EqualTo("cid"));
        Assert.That(endpoint.Parameter("PASSWORD"), Is.EqualTo("secret"));
    }

    [Test]
    public void Endpoint_Unknown_IsNull()
    {
        Assert.That(With().Endpoint("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Is.Null);
    }
}
