using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>PortDeleteEntity@1 through its launcher, against the emulator's entities and Port's bulk delete.</summary>
public class DeleteEntityTests : EmulatorTest
{
    private static TaskProcess Delete() => new TaskProcess("PortDeleteEntity").ToEmulator().Input("blueprint", "team");

    private static int Teams => PackagedExtension.Emulator.State.ToJson()["entities"]!.AsArray().Count(e => (string?)e!["blueprint"] == "team");

    private static IEnumerable<JsonNode?> Writes => PackagedExtension.Emulator.Journal.ToJson()
        .Where(r => (string?)r!["method"] is "POST" or "DELETE" && !((string?)r!["path"])!.EndsWith("search") && !((string?)r!["path"])!.EndsWith("access_token"));

    [Test]
    public void ByQuery_DeletesEveryMatch_ThroughBulk_WithTheirDependents()
    {
        var run = Delete().Input("query", """{"combinator": "and", "rules": [{"property": "$identifier", "operator": "in", "value": ["platform", "payments"]}]}""")
            .Input("deleteDependents", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(run.Outputs["deletedCount"], Is.EqualTo("2"));
        Assert.That(JsonNode.Parse(run.Outputs["identifiers"])!.AsArray().Select(i => (string?)i), Is.EquivalentTo(new[] { "platform", "payments" }));
        Assert.That(Writes.Select(w => (string?)w!["path"]), Is.EqualTo(new[] { "/v1/blueprints/team/bulk/entities/delete" }));
        Assert.That(Teams, Is.EqualTo(1), "all_teams stays");
    }

    [Test]
    public void ADryRun_ListsWhatWouldGo_AndDeletesNothing()
    {
        var run = Delete().Input("identifiers", "platform\nghost\nall_teams").Input("dryRun", "true").Run();

        Assert.That(run.Result, Is.EqualTo("Succeeded"), run.ToString());
        Assert.That(JsonNode.Parse(run.Outputs["identifiers"])!.AsArray().Select(i => (string?)i), Is.EqualTo(new[] { "platform", "all_teams" }));
        Assert.That(run.Outputs["deletedCount"], Is.EqualTo("0"));
        Assert.That(Writes, Is.Empty);
        Assert.That(Teams, Is.EqualTo(3));
    }

    [Test]
    public void AnEntityWithDependents_IsRefused_NamingDeleteDependents_AndNothingGoes()
    {
        var run = Delete().Input("identifiers", "all_teams\npayments").Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.Errors.Single(), Does.StartWith("The input 'deleteDependents' was rejected by Port: The entity \"payments\" has dependent entities"));
        Assert.That(Teams, Is.EqualTo(3), "all or nothing");
    }

    [TestCase("false", "Succeeded")]
    [TestCase("true", "Failed")]
    public void WhatIsAlreadyGone_IsSuccess_UnlessFailIfNotFound(string failIfNotFound, string expected)
    {
        var run = Delete().Input("identifier", "ghost").Input("failIfNotFound", failIfNotFound).Run();

        Assert.That(run.Result, Is.EqualTo(expected), run.ToString());
        Assert.That(run.CompleteMessage, Does.Contain("1 did not exist ('ghost')"));
        Assert.That(run.Outputs["deletedCount"], Is.EqualTo("0"));
    }
}
