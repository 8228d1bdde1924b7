using Port.Tasks.Common;
using Port.Tasks.DeleteEntity;

namespace Port.Tasks.Tests;

public class DeleteEntityInputsTests
{
    private static TestEnvironment Valid() => TestEnvironment.WithCredentials().Input("blueprint", "microservice");

    [TestCase("a\nb\r\nb, c", new[] { "a", "b", "c" })]
    [TestCase("""["a", "b", "a"]""", new[] { "a", "b" })]
    public void Identifiers_AreALineEachOrAJsonArray_EachOnce(string text, string[] expected)
    {
        var inputs = DeleteEntityInputs.Parse(Valid().Input("identifiers", text).Reader());

        Assert.That((inputs.Identifiers, inputs.SelectedBy), Is.EqualTo((expected, "identifiers")));
    }

    [Test]
    public void Defaults_KeepDependents_SucceedOnMissing_AndDelete()
    {
        var inputs = DeleteEntityInputs.Parse(Valid().Input("identifier", "checkout").Reader());

        Assert.That((inputs.DeleteDependents, inputs.FailIfNotFound, inputs.DryRun, inputs.RunId), Is.EqualTo((false, false, false, (string?)null)));
    }

    [TestCase(null, null, null, "identifier", "is empty, and so are 'identifiers' and 'query'")]
    [TestCase("a", "b", null, "identifiers", "cannot be combined with 'identifier'")]
    [TestCase(null, null, """{"rules": []}""", "query", "needs \"combinator\"")]
    [TestCase(null, "[1, 2]", null, "identifiers", "JSON array of identifier strings")]
    [TestCase(null, "ok\nnot ok", null, "identifiers", "'not ok', which is not a valid Port identifier")]
    public void BadSelection_IsNamed(string? identifier, string? identifiers, string? query, string expectedInput, string messagePart)
    {
        var environment = Valid();
        foreach (var (name, value) in new[] { ("identifier", identifier), ("identifiers", identifiers), ("query", query) })
        {
            if (value is not null)
            {
                environment.Input(name, value);
            }
        }

        var ex = Assert.Throws<TaskInputException>(() => DeleteEntityInputs.Parse(environment.Reader()));

        Assert.That(ex!.Input, Is.EqualTo(expectedInput));
        Assert.That(ex.Message, Does.Contain(messagePart));
    }
}
