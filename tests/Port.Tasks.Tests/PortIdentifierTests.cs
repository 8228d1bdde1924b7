using System.Text.RegularExpressions;
using Port.Tasks.Common;

namespace Port.Tasks.Tests;

/// <summary>The character checks must accept exactly what Port's own patterns accept.</summary>
public class PortIdentifierTests
{
    private static readonly Regex EntityPattern = new(@"^(?!\.{1,2}$)[\p{L}0-9@_.+:\\/=-]+$");
    private static readonly Regex BlueprintPattern = new(@"^[A-Za-z0-9@_=\-]+$");

    private static readonly string[] Samples =
    [
        "checkout", "Checkout-2", "a.b", ".", "..", "...", "a b", "a/b\\c", "x@y=z+1:2", "été", "日本", "semi;colon", "tab\t", "",
        "a,b", "a#b", "ⅷ", "٣", "a_b", "$x", "x?", "-", "ß", "Ǆ",
    ];

    [TestCaseSource(nameof(Samples))]
    public void Entity_AgreesWithPortsPattern(string identifier)
    {
        Assert.That(PortIdentifier.IsValidEntity(identifier), Is.EqualTo(EntityPattern.IsMatch(identifier)));
    }

    [TestCaseSource(nameof(Samples))]
    public void Blueprint_AgreesWithPortsPattern(string blueprint)
    {
        Assert.That(PortIdentifier.IsValidBlueprint(blueprint), Is.EqualTo(BlueprintPattern.IsMatch(blueprint)));
    }

    [Test]
    public void Entity_LongerThan1000_IsRejected()
    {
        Assert.That(PortIdentifier.IsValidEntity(new string('a', 1000)), Is.True);
        Assert.That(PortIdentifier.IsValidEntity(new string('a', 1001)), Is.False);
    }
}
