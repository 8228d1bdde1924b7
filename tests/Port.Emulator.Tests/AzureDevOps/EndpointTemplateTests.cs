using System.Text.Json.Nodes;
using Port.Emulator.AzureDevOps;

namespace Port.Emulator.Tests.AzureDevOps;

/// <summary>The emulator's mustache and JSONPath subsets: what the templates use works, anything else fails loudly.</summary>
public class EndpointTemplateTests
{
    private static readonly JsonObject Item = JsonNode.Parse("""{"identifier":"svc","title":"A & B","n":3,"endpoint":{"URL":"https://x/"}}""")!.AsObject();

    [TestCase("{{{title}}} ({{{identifier}}})", "A & B (svc)")]
    [TestCase("{{title}}", "A &amp; B")]
    [TestCase("{{ n }}-{{missing}}-{{missing.deeper}}", "3--")]
    [TestCase("{{endpoint.url}}v1", "https://x/v1")]
    [TestCase("no tags", "no tags")]
    public void Mustache_RendersNamesFromTheContext(string template, string expected) =>
        Assert.That(EndpointMustache.Render(template, Item), Is.EqualTo(expected));

    [TestCase("{{#items}}x{{/items}}")]
    [TestCase("{{^items}}x{{/items}}")]
    [TestCase("{{> partial}}")]
    [TestCase("{{! comment}}")]
    [TestCase("{{ #getTokenUsingBasicAuth {'method':'post'} }}")]
    [TestCase("{{title")]
    public void Mustache_OutsideItsSubset_Throws(string template) =>
        Assert.That(() => EndpointMustache.Render(template, Item), Throws.TypeOf<NotSupportedException>());

    [Test]
    public void Mustache_Helper_GetsItsWholeArgument()
    {
        var helpers = new Dictionary<string, EndpointMustache.Helper> { ["#echo"] = argument => "<" + argument + ">" };

        var rendered = EndpointMustache.Render("Bearer {{ #echo { 'a': { 'b': '}}' } } }}!", null, helpers);

        Assert.That(rendered, Is.EqualTo("Bearer <{ 'a': { 'b': '}}' } }>!"));
    }

    [TestCase("jsonpath:$.blueprints[*]", """["a","b"]""")]
    [TestCase("jsonpath:$.blueprints[*].identifier", """["a","b"]""")]
    [TestCase("jsonpath:$.accessToken", """["t"]""")]
    [TestCase("jsonpath:$.missing", "[]")]
    [TestCase("jsonpath:$.blueprints[?(@.kind.type == 'x')]", """["b"]""")]
    [TestCase("jsonpath:$.blueprints[?(@.kind.type=='none')]", "[]")]
    [TestCase("jsonpath:$", null)]
    public void JsonPath_SelectsNamesAndWildcards(string selector, string? expected)
    {
        var root = JsonNode.Parse("""{"accessToken":"t","blueprints":[{"identifier":"a"},{"identifier":"b","kind":{"type":"x"}}]}""");

        var selected = EndpointJsonPath.Select(root, selector);

        var shown = new JsonArray(selected.Select(n => n is JsonObject o ? o["identifier"]?.DeepClone() : n?.DeepClone()).ToArray()).ToJsonString();
        Assert.That(shown, Is.EqualTo(expected ?? "[null]"));
    }

    [TestCase("$.blueprints[*]")]
    [TestCase("jsonpath:$..identifier")]
    [TestCase("jsonpath:$.blueprints[0]")]
    [TestCase("jsonpath:$.blueprints[?(@.x)]")]
    [TestCase("jsonpath:$.blueprints[?(@.x != 'y')]")]
    [TestCase("jsonpath:$['a']")]
    public void JsonPath_OutsideItsSubset_Throws(string selector) =>
        Assert.That(() => EndpointJsonPath.Select(new JsonObject(), selector), Throws.TypeOf<NotSupportedException>());
}
