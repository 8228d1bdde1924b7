using System.Reflection;
using Port.Client.Http;

namespace Port.Client.Tests;

/// <summary>The route catalog: complete, and each route built with its segments escaped.</summary>
public class PortRoutesTests
{
    [Test]
    public void All_HoldsEveryDeclaredRoute_Once()
    {
        // Reflection is fine here: the test is not compiled NativeAOT, the catalog is.
        var declared = typeof(PortRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(PortRoute)).Select(f => (PortRoute)f.GetValue(null)!).ToList();

        Assert.That(declared, Has.Count.GreaterThan(10));
        Assert.That(PortRoutes.All, Is.EquivalentTo(declared).And.Unique);
    }

    [Test]
    public void EachMethodAndTemplate_IsDeclaredOnce()
    {
        Assert.That(PortRoutes.All.Select(r => r.ToString()), Is.Unique);
    }

    [Test]
    public void PathWith_PutsEachSegmentInItsPlace_Escaped()
    {
        var request = new PortRequest(PortRoutes.GetEntity, "micro service", "a/b?c") { Query = "?include=title" };

        Assert.That(PortRoutes.GetEntity.Parameters, Is.EqualTo(new[] { "blueprint", "identifier" }));
        Assert.That(request.PathAndQuery, Is.EqualTo("v1/blueprints/micro%20service/entities/a%2Fb%3Fc?include=title"));
        Assert.That(request.Path, Is.EqualTo("/v1/blueprints/micro%20service/entities/a%2Fb%3Fc"));
    }

    [Test]
    public void PathWith_TheWrongNumberOfSegments_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => PortRoutes.GetEntity.PathWith("microservice"));

        Assert.That(ex!.Message, Does.StartWith("GET /v1/blueprints/{blueprint}/entities/{identifier} takes 2 path segment(s) (blueprint, identifier), not 1."));
    }

    [TestCase(".")]
    [TestCase("..")]
    [TestCase("")]
    public void PathWith_ASegmentThatWouldChangeTheRoute_IsRefused(string identifier)
    {
        Assert.Throws<ArgumentException>(() => PortRoutes.GetRun.PathWith(identifier));
    }

    [Test]
    public void Idempotent_FollowsTheRoute_AndOnAnEntityWrite_WhetherItUpsertsByIdentifier()
    {
        Assert.That(new PortRequest(PortRoutes.GetRun, "r_1").Idempotent, Is.True);
        Assert.That(new PortRequest(PortRoutes.AddRunLog, "r_1") { UpsertsByIdentifier = true }.Idempotent, Is.False);
        Assert.That(new PortRequest(PortRoutes.UpsertEntity, "microservice").Idempotent, Is.False);
        Assert.That(new PortRequest(PortRoutes.UpsertEntity, "microservice") { UpsertsByIdentifier = true }.Idempotent, Is.True);
    }
}
