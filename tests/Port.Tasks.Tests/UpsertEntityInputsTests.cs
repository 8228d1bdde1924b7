using Port.Client.Models;
using Port.Tasks.Common;
using Port.Tasks.UpsertEntity;

namespace Port.Tasks.Tests;

public class UpsertEntityInputsTests
{
    private static TestEnvironment Valid() => TestEnvironment.WithCredentials().Input("blueprint", "microservice");

    [Test]
    public void SeparateFields_ComposeTheEntity()
    {
        var inputs = UpsertEntityInputs.Parse(Valid()
            .Input("identifier", "checkout").Input("title", "Checkout").Input("icon", "Microservice").Input("team", "payments")
            .Input("properties", """{"version":"1.2.3"}""").Input("relations", """{"team":"payments"}""").Reader());

        Assert.That(inputs.Entity!.ToJsonString(), Is.EqualTo("""{"identifier":"checkout","title":"Checkout","icon":"Microservice","team":"payments","properties":{"version":"1.2.3"},"relations":{"team":"payments"}}"""));
        Assert.That(inputs.Options.Mode, Is.EqualTo(UpsertMode.Merge));
        Assert.That(inputs.IsBulk, Is.False);
    }

    [Test]
    public void SeparateFields_OverrideTheWholeEntity()
    {
        var inputs = UpsertEntityInputs.Parse(Valid()
            .Input("entity", """{"identifier":"a","properties":{"version":"1","language":"go"}}""")
            .Input("identifier", "b").Input("properties", """{"version":"2"}""").Reader());

        Assert.That(inputs.Entity!.ToJsonString(), Is.EqualTo("""{"identifier":"b","properties":{"version":"2","language":"go"}}"""));
    }

    [Test]
    public void TeamArray_IsParsed()
    {
        var inputs = UpsertEntityInputs.Parse(Valid().Input("identifier", "x").Input("team", """["a","b"]""").Reader());

        Assert.That(inputs.Entity!["team"]!.ToJsonString(), Is.EqualTo("""["a","b"]"""));
    }

    [TestCase("merge", "false", UpsertMode.Replace)]
    [TestCase("merge", "true", UpsertMode.Merge)]
    public void Merge_ChoosesTheMode(string name, string value, UpsertMode expected)
    {
        var inputs = UpsertEntityInputs.Parse(Valid().Input("identifier", "x").Input(name, value).Reader());

        Assert.That(inputs.Options.Mode, Is.EqualTo(expected));
    }

    [Test]
    public void Flags_AreRead()
    {
        var inputs = UpsertEntityInputs.Parse(Valid().Input("identifier", "x").Input("createMissingRelatedEntities", "true").Input("validationOnly", "true").Input("runId", "r_1").Reader());

        Assert.That(inputs.Options, Is.EqualTo(new UpsertEntityOptions { CreateMissingRelatedEntities = true, ValidationOnly = true, RunId = "r_1" }));
    }

    [TestCase("blueprint", "", "blueprint", "is required")]
    [TestCase("blueprint", "micro service", "blueprint", "not a valid blueprint identifier")]
    [TestCase("identifier", "has space", "identifier", "not a valid Port identifier")]
    [TestCase("properties", "{\n  \"version\": \n}", "properties", "not valid JSON at line 3, column 1")]
    [TestCase("properties", "[1]", "properties", "must be a JSON object")]
    [TestCase("relations", "{\"team\":", "relations", "not valid JSON at line 1")]
    [TestCase("team", "[1,2]", "team", "JSON array of them")]
    [TestCase("merge", "maybe", "merge", "use true or false")]
    [TestCase("entity", "{\"properties\":[1]}", "entity", "has 'properties' that is not a JSON object: [1]")]
    [TestCase("entity", "{\"relations\":\"payments\"}", "entity", "has 'relations' that is not a JSON object: \"payments\"")]
    [TestCase("entity", "{\"relations\":{\"team\":3}}", "entity", "has the relation 'team' set to 3")]
    [TestCase("entity", "{\"title\":42}", "entity", "has a 'title' that is not a string: 42")]
    [TestCase("entity", "{\"icon\":{\"x\":1}}", "entity", "has an 'icon' that is not a string")]
    [TestCase("runId", ".", "runId", "is '.', which is not a Port action run id")]
    [TestCase("runId", "..", "runId", "is '..', which is not a Port action run id")]
    [TestCase("runId", "r 1", "runId", "is 'r 1', which is not a Port action run id")]
    public void BadInput_IsNamed(string name, string value, string expectedInput, string messagePart)
    {
        var environment = Valid().Input("identifier", "ok");
        environment.Input(name, value);

        var ex = Assert.Throws<TaskInputException>(() => UpsertEntityInputs.Parse(environment.Reader()));

        Assert.That(ex!.Input, Is.EqualTo(expectedInput));
        Assert.That(ex.Message, Does.StartWith($"The input '{expectedInput}' ").And.Contain(messagePart));
    }

    [Test]
    public void EntityOverOneMebibyte_IsRefusedBeforeAnythingIsSent()
    {
        var environment = Valid().Input("identifier", "ok").Input("properties", $"{{\"readme\": \"{new string('r', 1024 * 1024)}\"}}");

        var ex = Assert.Throws<TaskInputException>(() => UpsertEntityInputs.Parse(environment.Reader()));

        Assert.That(ex!.Message, Does.StartWith("The input 'properties' makes an entity of 1,048,").And.Contain("Port accepts at most 1 MiB"));
    }

    [Test]
    public void NothingToWrite_IsAnError()
    {
        var ex = Assert.Throws<TaskInputException>(() => UpsertEntityInputs.Parse(Valid().Reader()));

        Assert.That(ex!.Input, Is.EqualTo("identifier"));
    }

    [Test]
    public void FileAndSingleEntity_CannotBeCombined()
    {
        var ex = Assert.Throws<TaskInputException>(() => UpsertEntityInputs.Parse(Valid().Input("entitiesFile", "x.json").Input("title", "t").Reader()));

        Assert.That(ex!.Message, Does.Contain("cannot be combined with 'title'"));
    }
}

public class FilePathInputTests
{
    [Test]
    public void EmptyFilePath_AsTheAgentPassesIt_IsNotSupplied()
    {
        var environment = TestEnvironment.WithCredentials().Input("blueprint", "microservice").Input("identifier", "x")
            .Variable("System.DefaultWorkingDirectory", "/agent/_work/1/s").Input("entitiesFile", "/agent/_work/1/s/");

        var inputs = UpsertEntityInputs.Parse(environment.Reader());

        Assert.That(inputs.IsBulk, Is.False);
    }

    [Test]
    public void GivenFilePath_IsKept()
    {
        var reader = new TestEnvironment().Variable("System.DefaultWorkingDirectory", "/agent/_work/1/s").Input("entitiesFile", "/agent/_work/1/s/entities.json").Reader();

        Assert.That(reader.FilePath("entitiesFile"), Is.EqualTo("/agent/_work/1/s/entities.json"));
    }
}
