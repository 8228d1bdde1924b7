using Port.Tasks.Common;
using Port.Tasks.GetEntity;

namespace Port.Tasks.Tests;

public class GetEntityInputsTests
{
    [Test]
    public void ByIdentifier_WithIncludeExcludeLists()
    {
        var inputs = GetEntityInputs.Parse(TestEnvironment.WithCredentials().Input("blueprint", "microservice").Input("identifier", "checkout")
            .Input("include", "identifier, properties.version\ntitle").Input("exclude", "relations").Input("failIfNotFound", "false").Reader());

        Assert.That(inputs.Identifier, Is.EqualTo("checkout"));
        Assert.That(inputs.Include, Is.EqualTo(new[] { "identifier", "properties.version", "title" }));
        Assert.That(inputs.Exclude, Is.EqualTo(new[] { "relations" }));
        Assert.That(inputs.FailIfNotFound, Is.False);
    }

    [Test]
    public void ByQuery_NeedsNoBlueprint()
    {
        var inputs = GetEntityInputs.Parse(TestEnvironment.WithCredentials().Input("query", """{"combinator":"and","rules":[]}""").Reader());

        Assert.That(inputs.Query, Is.Not.Null);
        Assert.That(inputs.FailIfNotFound, Is.True);
    }

    [TestCase(null, "checkout", null, "blueprint", "is required to read an entity by identifier")]
    [TestCase("microservice", null, null, "identifier", "is required unless a search 'query' is given")]
    [TestCase("microservice", "checkout", """{"combinator":"and","rules":[]}""", "query", "cannot be combined")]
    [TestCase(null, null, """{"rules":[]}""", "query", "needs \"combinator\"")]
    [TestCase(null, null, """{"combinator":"and","rules":[}""", "query", "not valid JSON at line 1, column 30")]
    public void BadInput_IsNamed(string? blueprint, string? identifier, string? query, string expectedInput, string messagePart)
    {
        var environment = TestEnvironment.WithCredentials();
        if (blueprint is not null) environment.Input("blueprint", blueprint);
        if (identifier is not null) environment.Input("identifier", identifier);
        if (query is not null) environment.Input("query", query);

        var ex = Assert.Throws<TaskInputException>(() => GetEntityInputs.Parse(environment.Reader()));

        Assert.That(ex!.Input, Is.EqualTo(expectedInput));
        Assert.That(ex.Message, Does.Contain(messagePart));
    }

    [TestCase("version", "property_version")]
    [TestCase("lead-time", "property_lead_time")]
    [TestCase("a@b=c", "property_a_b_c")]
    [TestCase("snake_case", "property_snake_case")]
    public void PropertyVariableName_IsMacroSafe(string property, string expected)
    {
        Assert.That(EntityOutputs.PropertyVariableName(property), Is.EqualTo(expected));
    }

    [TestCase("\"text\"", "text")]
    [TestCase("3", "3")]
    [TestCase("true", "true")]
    [TestCase("[1,2]", "[1,2]")]
    [TestCase("{\"a\":1}", "{\"a\":1}")]
    [TestCase("null", "")]
    public void PropertyText_IsPlainForStringsAndJsonOtherwise(string json, string expected)
    {
        Assert.That(EntityOutputs.Text(System.Text.Json.Nodes.JsonNode.Parse(json)), Is.EqualTo(expected));
    }

    [Test]
    public void OutputFile_IsForASearch_AndNotAFolder()
    {
        var single = Assert.Throws<TaskInputException>(() => GetEntityInputs.Parse(TestEnvironment.WithCredentials()
            .Input("blueprint", "microservice").Input("identifier", "x").Input("outputFile", "out.json").Reader()));
        var folder = Assert.Throws<TaskInputException>(() => GetEntityInputs.Parse(TestEnvironment.WithCredentials()
            .Input("query", """{"combinator":"and","rules":[]}""").Input("outputFile", Path.GetTempPath()).Reader()));

        Assert.That(single!.Message, Does.StartWith("The input 'outputFile' is for a search"));
        Assert.That(folder!.Message, Does.Contain("which is a folder"));
    }
}
