using Port.Tasks.Common;

namespace Port.Tasks.Tests;

public class PortConnectionResolverTests
{
    [Test]
    public void ServiceConnection_GivesUrlAndCredentials()
    {
        var connection = PortConnectionResolver.Resolve(new TestEnvironment().Connection("https://api.us.getport.io", "id1", "s1").Reader());

        Assert.That(connection.BaseUrl, Is.EqualTo("https://api.us.getport.io"));
        Assert.That((connection.ClientId, connection.ClientSecret.Reveal()), Is.EqualTo(("id1", "s1")));
        Assert.That(connection.CredentialSource, Does.Contain("service connection"));
    }

    [Test]
    public void ServiceConnection_WinsOverInputsAndVariables()
    {
        var environment = TestEnvironment.WithCredentials().Connection("https://api.getport.io", "id1", "s1").Input("clientId", "x").Input("clientSecret", "y");

        Assert.That(PortConnectionResolver.Resolve(environment.Reader()).ClientId, Is.EqualTo("id1"));
    }

    [Test]
    public void Inputs_WinOverVariables()
    {
        var environment = TestEnvironment.WithCredentials().Input("clientId", "x").Input("clientSecret", "y");

        var connection = PortConnectionResolver.Resolve(environment.Reader());

        Assert.That((connection.ClientId, connection.ClientSecret.Reveal()), Is.EqualTo(("x", "y")));
        Assert.That(connection.BaseUrl, Is.EqualTo("https://api.getport.io"));
    }

    [Test]
    public void Variables_AreTheLastResort_SecretOrNot()
    {
        var connection = PortConnectionResolver.Resolve(TestEnvironment.WithCredentials().Variable("PORT_BASE_URL", "https://api.port.io").Reader());

        Assert.That((connection.ClientId, connection.ClientSecret.Reveal()), Is.EqualTo(("cid", "csecret")));
        Assert.That(connection.BaseUrl, Is.EqualTo("https://api.port.io"));
        Assert.That(connection.BaseUrlSource, Does.Contain("PORT_BASE_URL"));
    }

    [Test]
    public void BaseUrlInput_WinsOverTheConnectionsUrl()
    {
        var environment = new TestEnvironment().Connection("https://api.getport.io", "id1", "s1").Input("baseUrl", "http://127.0.0.1:5123");

        Assert.That(PortConnectionResolver.Resolve(environment.Reader()).BaseUrl, Is.EqualTo("http://127.0.0.1:5123"));
    }

    [Test]
    public void Nothing_NamesAllThreeWays()
    {
        var ex = Assert.Throws<TaskInputException>(() => PortConnectionResolver.Resolve(new TestEnvironment().Reader()));

        Assert.That(ex!.Input, Is.EqualTo("portConnection"));
        Assert.That(ex.Message, Does.Contain("service connection").And.Contain("'clientId' and 'clientSecret'").And.Contain("PORT_CLIENT_ID and PORT_CLIENT_SECRET"));
    }

    [TestCase("clientId", "clientSecret")]
    [TestCase("clientSecret", "clientId")]
    public void HalfAPair_NamesTheMissingHalf(string given, string missing)
    {
        var ex = Assert.Throws<TaskInputException>(() => PortConnectionResolver.Resolve(new TestEnvironment().Input(given, "v").Reader()));

        Assert.That(ex!.Input, Is.EqualTo(missing));
    }

    [Test]
    public void UnknownConnection_SaysTheAgentGaveNothing()
    {
        var ex = Assert.Throws<TaskInputException>(() => PortConnectionResolver.Resolve(new TestEnvironment().Input("portConnection", TestEnvironment.ConnectionId).Reader()));

        Assert.That(ex!.Message, Does.Contain("gave no details"));
    }

    [Test]
    public void ClientSecret_IsMaskedTheMomentItIsRead_AndCannotPrintItself()
    {
        foreach (var environment in new[]
        {
            new TestEnvironment().Connection("https://api.getport.io", "id1", "s3cr3t"),
            new TestEnvironment().Input("clientId", "id1").Input("clientSecret", "s3cr3t"),
            new TestEnvironment().Variable("PORT_CLIENT_ID", "id1").Secret("PORT_CLIENT_SECRET", "s3cr3t"),
        })
        {
            var connection = PortConnectionResolver.Resolve(environment.Reader());

            Assert.That(environment.AgentOutput.ToString(), Is.EqualTo("##vso[task.setsecret]s3cr3t\n"));
            Assert.That($"{connection.ClientSecret} {connection}", Does.Not.Contain("s3cr3t"));
        }
    }

    [Test]
    public void BadBaseUrlVariable_NamesTheVariable_NotTheEmptyConnectionInput()
    {
        var ex = Assert.Throws<TaskFailedException>(() => PortConnectionResolver.Resolve(TestEnvironment.WithCredentials().Variable("PORT_BASE_URL", "api.getport.io").Reader()));

        Assert.That(ex!.Message, Does.StartWith("The variable PORT_BASE_URL holds 'api.getport.io', which is not an http(s) URL"));
        Assert.That(ex.Message, Does.Not.Contain("portConnection"));
    }

    [Test]
    public void BadConnectionUrl_NamesTheConnectionInput()
    {
        var ex = Assert.Throws<TaskInputException>(() => PortConnectionResolver.Resolve(new TestEnvironment().Connection("ftp://port", "id1", "s1").Reader()));

        Assert.That(ex!.Input, Is.EqualTo("portConnection"));
        Assert.That(ex.Message, Does.Contain("whose URL holds 'ftp://port'"));
    }

    [Test]
    public void SecretVariableWithoutId_NamesTheMissingVariable()
    {
        var ex = Assert.Throws<TaskFailedException>(() => PortConnectionResolver.Resolve(new TestEnvironment().Secret("PORT_CLIENT_SECRET", "s").Reader()));

        Assert.That(ex!.Message, Does.Contain("PORT_CLIENT_ID is not"));
    }

    [Test]
    public void BadBaseUrl_IsNamed()
    {
        var ex = Assert.Throws<TaskInputException>(() => PortConnectionResolver.Resolve(TestEnvironment.WithCredentials().Input("baseUrl", "api.getport.io").Reader()));

        Assert.That(ex!.Input, Is.EqualTo("baseUrl"));
        Assert.That(ex.Message, Does.Contain("https://api.us.getport.io"));
    }
}

public class UnexpandedMacroTests
{
    [TestCase("clientSecret", "$(PORT_CLIENT_SECRET)")]
    [TestCase("runId", "$(port.runId)")]
    public void WholeMacroLeftByTheAgent_IsNamed(string input, string value)
    {
        var reader = new TestEnvironment().Input(input, value).Reader();

        var ex = Assert.Throws<TaskInputException>(() => reader.String(input));

        Assert.That(ex!.Input, Is.EqualTo(input));
        Assert.That(ex.Message, Does.Contain($"defines no variable {value[2..^1]}"));
    }

    [TestCase("text with $(macro) inside")]
    [TestCase("$()")]
    [TestCase("$(not a name)")]
    public void OtherText_IsKept(string value)
    {
        Assert.That(new TestEnvironment().Input("title", value).Reader().String("title"), Is.EqualTo(value));
    }
}
