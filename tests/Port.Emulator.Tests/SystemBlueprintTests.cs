using System.Net;

namespace Port.Emulator.Tests;

/// <summary>Port's own _user and _team blueprints: there from the start, and what an entity's team must name.</summary>
public class SystemBlueprintTests : EmulatorFixture
{
    private const string Entities = "/v1/blueprints/microservice/entities";

    [SetUp]
    public Task Login() => LoginAsync();

    [TestCase("_user", "port_role")]
    [TestCase("_team", "description")]
    public async Task SystemBlueprint_IsThereFromTheStart(string blueprint, string property)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"/v1/blueprints/{blueprint}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["blueprint"]!["schema"]!["properties"]![property], Is.Not.Null);
    }

    [Test]
    public async Task SystemBlueprints_AreAddedToASeedWithoutThem()
    {
        var seed = Path.GetTempFileName();
        File.WriteAllText(seed, """{"credentials":[],"blueprints":[{"identifier":"only","title":"Only","schema":{"properties":{}}}]}""");
        try
        {
            await using var emulator = await PortEmulator.StartAsync(new EmulatorOptions { SeedPath = seed });

            Assert.That(emulator.State.Blueprints.Keys, Is.EquivalentTo(new[] { "only", "_user", "_team" }));
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [TestCase("\"payments\"")]
    [TestCase("[\"payments\", \"platform\"]")]
    [TestCase("[]")]
    public async Task Team_NamingKnownTeams_IsStored(string team)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Entities, $$"""{"identifier":"ledger","team":{{team}}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        Assert.That(body["entity"]!["team"]!.ToJsonString().Replace(" ", ""), Is.EqualTo(team.Replace(" ", "")));
    }

    [Test]
    public async Task Team_Unknown_Is404_AndCreatingTheTeamEntityFirstMakesItKnown()
    {
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, """{"identifier":"ledger","team":["payments","Test"]}"""), HttpStatusCode.NotFound, "not_found", "\"Test\"");

        var (created, _) = await SendAsync(HttpMethod.Post, "/v1/blueprints/_team/entities", """{"identifier":"Test","title":"Test"}""");
        var (status, _) = await SendAsync(HttpMethod.Post, Entities, """{"identifier":"ledger","team":["payments","Test"]}""");

        Assert.That(created, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
    }

    [TestCase("5")]
    [TestCase("[\"payments\", 3]")]
    public async Task Team_OfTheWrongShape_Is422(string team) =>
        AssertPortError(await SendAsync(HttpMethod.Post, Entities, $$"""{"identifier":"ledger","team":{{team}}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "\"team\" must be");

    [Test]
    public async Task RelationToAMissingUser_IsNotCreatedOnTheSide()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", """
            {"identifier":"oncall","title":"On call","schema":{"properties":{}},
             "relations":{"person":{"target":"_user","required":false,"many":false}}}
            """);

        var (known, _) = await SendAsync(HttpMethod.Post, "/v1/blueprints/oncall/entities", """{"identifier":"week-1","relations":{"person":"dev@example.com"}}""");
        var unknown = await SendAsync(HttpMethod.Post, "/v1/blueprints/oncall/entities?create_missing_related_entities=true", """{"identifier":"week-2","relations":{"person":"ghost@example.com"}}""");

        Assert.That(known, Is.EqualTo(HttpStatusCode.Created));
        AssertPortError(unknown, HttpStatusCode.NotFound, "not_found", "users and teams are not created");
    }
}
