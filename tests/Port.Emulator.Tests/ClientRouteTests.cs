using System.Net;
using Port.Client.Http;

namespace Port.Emulator.Tests;

/// <summary>Every route the client declares (<see cref="PortRoutes"/>) is one the emulator serves, with the declared method.</summary>
public class ClientRouteTests : EmulatorFixture
{
    private const string Fallback = "No route ";

    /// <summary>By name: the test method is public and <see cref="PortRoute"/> is internal to the client.</summary>
    private static IEnumerable<string> DeclaredRoutes => PortRoutes.All.Select(route => route.ToString());

    [TestCaseSource(nameof(DeclaredRoutes))]
    public async Task DeclaredRoute_IsServed(string name)
    {
        var route = PortRoutes.All.Single(r => r.ToString() == name);
        var path = "/" + route.PathWith([.. route.Parameters.Select(_ => "x")]);
        await LoginAsync();

        // Any answer of the route's own will do (a missing "x", a body it refuses): only the fallback means not served.
        var (status, body) = await SendAsync(route.Method, path, route.Method == HttpMethod.Get || route.Method == HttpMethod.Delete ? null : "{}");

        Assert.That((string?)body["message"] ?? "", Does.Not.StartWith(Fallback), $"{route.Method} {path} answered {status}");
        Assert.That(status, Is.Not.EqualTo(HttpStatusCode.MethodNotAllowed).And.LessThan(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task AServedPath_WithAnotherMethod_GetsTheFallback()
    {
        // What DeclaredRoute_IsServed tells apart: the path is served, PUT on it is not.
        var path = "/" + PortRoutes.AddRunLog.PathWith("r_demo_deploy");
        await LoginAsync();

        AssertPortError(await SendAsync(HttpMethod.Put, path, "{}"), HttpStatusCode.NotFound, "not_found", Fallback + "PUT " + path);
    }
}
