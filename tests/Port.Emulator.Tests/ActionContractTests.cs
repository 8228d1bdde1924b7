using System.Net;

namespace Port.Emulator.Tests;

/// <summary>Port's v1 actions through the API: create, read, list, replace, delete, and run what was created.</summary>
public class ActionContractTests : EmulatorFixture
{
    /// <summary>A day-2 action on microservices, as a client sets one up.</summary>
    public const string Restart = """
        {"identifier":"restart","title":"Restart","icon":"Refresh",
         "trigger":{"type":"self-service","operation":"DAY-2","blueprintIdentifier":"microservice",
                    "userInputs":{"properties":{"reason":{"type":"string"}},"required":["reason"]}},
         "invocationMethod":{"type":"WEBHOOK","url":"https://example.com/hook"},"publish":true}
        """;

    [SetUp]
    public Task Login() => LoginAsync();

    [Test]
    public async Task Create_Is201_AndCanBeReadAndListed()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/actions", Restart);
        var (_, read) = await SendAsync(HttpMethod.Get, "/v1/actions/restart");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        Assert.That((string?)body["action"]!["trigger"]!["operation"], Is.EqualTo("DAY-2"));
        Assert.That((string?)body["action"]!["createdBy"], Is.EqualTo("demo-client-id"));
        Assert.That(read["action"]!.ToJsonString(), Is.EqualTo(body["action"]!.ToJsonString()));
    }

    [Test]
    public async Task SeededAction_IsAnsweredWithoutTheEmulatorsPlayScript()
    {
        var (_, body) = await SendAsync(HttpMethod.Get, "/v1/actions/deploy_service");

        Assert.That((string?)body["action"]!["identifier"], Is.EqualTo("deploy_service"));
        Assert.That(body["action"]!.AsObject().ContainsKey("emulator"), Is.False);
        Assert.That(Emulator.State.Actions["deploy_service"]["emulator"], Is.Not.Null, "the script still plays");
    }

    [TestCase("", new[] { "deploy_service", "scaffold_service", "rotate_secrets", "restart", "cleanup" })]
    [TestCase("?action_identifier=restart&action_identifier=cleanup", new[] { "restart", "cleanup" })]
    [TestCase("?blueprint_identifier=microservice&operation=DAY-2", new[] { "deploy_service", "rotate_secrets", "restart" })]
    [TestCase("?operation=DELETE", new[] { "cleanup" })]
    [TestCase("?published=false", new[] { "cleanup" })]
    [TestCase("?trigger_type=automation", new string[0])]
    public async Task List_FiltersAsTheQuerySays(string query, string[] expected)
    {
        await SendAsync(HttpMethod.Post, "/v1/actions", Restart);
        await SendAsync(HttpMethod.Post, "/v1/actions", """{"identifier":"cleanup","trigger":{"type":"self-service","operation":"DELETE","userInputs":{"properties":{}}},"invocationMethod":{"type":"KAFKA"},"publish":false}""");

        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/actions" + query);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["actions"]!.AsArray().Select(a => (string?)a!["identifier"]), Is.EqualTo(expected));
    }

    [Test]
    public async Task Create_ExistingIdentifier_Is409()
    {
        await SendAsync(HttpMethod.Post, "/v1/actions", Restart);

        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions", Restart), HttpStatusCode.Conflict, "identifier_taken", "\"restart\"");
    }

    private const string Trigger = """{"type":"self-service","operation":"CREATE","userInputs":{"properties":{}}}""";
    private const string Webhook = """{"type":"WEBHOOK","url":"https://example.com"}""";

    [TestCase($$$"""{"trigger":{{{Trigger}}},"invocationMethod":{{{Webhook}}}}""", "\"identifier\" is required")]
    [TestCase($$$"""{"identifier":"a b","trigger":{{{Trigger}}},"invocationMethod":{{{Webhook}}}}""", "\"identifier\" is required")]
    [TestCase($$$"""{"identifier":"a","trigger":{{{Trigger}}},"invocationMethod":{{{Webhook}}},"emulator":{}}""", "\"emulator\" is not allowed")]
    [TestCase($$$"""{"identifier":"a","invocationMethod":{{{Webhook}}}}""", "\"trigger\" is required")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"manual"},"invocationMethod":{{{Webhook}}}}""", "\"trigger.type\" must be")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"self-service","operation":"UPDATE","userInputs":{}},"invocationMethod":{{{Webhook}}}}""", "\"trigger.operation\" must be")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"self-service","operation":"CREATE"},"invocationMethod":{{{Webhook}}}}""", "\"trigger.userInputs\" is required")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"self-service","operation":"CREATE","userInputs":{},"extra":1},"invocationMethod":{{{Webhook}}}}""", "\"trigger.extra\" is not allowed")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"self-service","operation":"CREATE","userInputs":{"properties":[]}},"invocationMethod":{{{Webhook}}}}""", "\"trigger.userInputs.properties\" must be")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"self-service","operation":"CREATE","userInputs":{"required":[1]}},"invocationMethod":{{{Webhook}}}}""", "\"trigger.userInputs.required\" must")]
    [TestCase($$$"""{"identifier":"a","trigger":{"type":"automation"},"invocationMethod":{{{Webhook}}}}""", "\"trigger.event\" is required")]
    [TestCase($$$"""{"identifier":"a","trigger":{{{Trigger}}}}""", "\"invocationMethod\" is required")]
    [TestCase($$$"""{"identifier":"a","trigger":{{{Trigger}}},"invocationMethod":{"type":"JENKINS"}}""", "\"invocationMethod.type\" must be")]
    [TestCase($$$"""{"identifier":"a","trigger":{{{Trigger}}},"invocationMethod":{"type":"WEBHOOK"}}""", "\"invocationMethod.url\" is required")]
    [TestCase($$$"""{"identifier":"a","trigger":{{{Trigger}}},"invocationMethod":{"type":"AZURE_DEVOPS","org":"fabrikam"}}""", "\"invocationMethod.webhook\" is required")]
    public async Task Create_BadBody_Is422WithWhatIsWrong(string json, string messagePart) =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions", json), HttpStatusCode.UnprocessableEntity, "invalid_request", messagePart);

    [Test]
    public async Task Create_OnAMissingBlueprint_Is404() =>
        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions", Restart.Replace("\"microservice\"", "\"ghost\"")), HttpStatusCode.NotFound, "not_found", "\"ghost\"");

    [Test]
    public async Task Put_ReplacesTheAction_AndDeleteRemovesIt()
    {
        await SendAsync(HttpMethod.Post, "/v1/actions", Restart);

        var (status, body) = await SendAsync(HttpMethod.Put, "/v1/actions/restart", Restart.Replace("\"Restart\"", "\"Restart now\""));
        AssertPortError(await SendAsync(HttpMethod.Put, "/v1/actions/restart", Restart.Replace("\"restart\"", "\"other\"")), HttpStatusCode.UnprocessableEntity, "invalid_request", "differs");
        var (deleted, _) = await SendAsync(HttpMethod.Delete, "/v1/actions/restart");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body["action"]!["title"], Is.EqualTo("Restart now"));
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.OK));
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/actions/restart"), HttpStatusCode.NotFound, "not_found", "Action with identifier \"restart\"");
        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/actions/restart"), HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task CreatedAction_RunsOnItsEntity_AndItsRunIsReportedLikeAnyOther()
    {
        await SendAsync(HttpMethod.Post, "/v1/actions", Restart);

        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions/restart/runs", """{"entity":"checkout","properties":{}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "\"reason\" is required");
        var (status, started) = await SendAsync(HttpMethod.Post, "/v1/actions/restart/runs", """{"entity":"checkout","properties":{"reason":"stuck"}}""");
        var runId = (string)started["run"]!["id"]!;
        var (patched, _) = await SendAsync(HttpMethod.Patch, $"/v1/actions/runs/{runId}", """{"status":"SUCCESS","summary":"Restarted"}""");
        var (_, read) = await SendAsync(HttpMethod.Get, $"/v1/actions/runs/{runId}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((string?)started["run"]!["action"]!["identifier"], Is.EqualTo("restart"));
        Assert.That((string?)started["run"]!["entity"]!["identifier"], Is.EqualTo("checkout"));
        Assert.That(patched, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)read["run"]!["status"], Is.EqualTo("SUCCESS"));
        Assert.That((string?)read["run"]!["summary"], Is.EqualTo("Restarted"));
    }

    [Test]
    public async Task ActionOnNoBlueprint_RunsWithoutAnEntity_AsPortsGitHubActionTestsExpect()
    {
        await SendAsync(HttpMethod.Post, "/v1/actions", """{"identifier":"gh-test","title":"T","trigger":{"type":"self-service","operation":"DELETE","userInputs":{"properties":{}}},"invocationMethod":{"type":"WEBHOOK","url":"https://example.com"}}""");

        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/actions/gh-test/runs", """{"properties":{"text":"test","number":1}}""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted), body.ToJsonString());
        Assert.That(body["run"]!["blueprint"], Is.Null);
        Assert.That(body["run"]!["entity"], Is.Null);
    }

    [Test]
    public async Task Automation_IsNotRunOnRequest()
    {
        await SendAsync(HttpMethod.Post, "/v1/actions", """{"identifier":"on-create","trigger":{"type":"automation","event":{"type":"ENTITY_CREATED","blueprintIdentifier":"microservice"}},"invocationMethod":{"type":"KAFKA"}}""");

        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/actions/on-create/runs", """{"properties":{}}"""), HttpStatusCode.UnprocessableEntity, "invalid_request", "automation");
    }

    [Test]
    public async Task DeletingABlueprint_TakesItsActionsOnlyWhenAsked()
    {
        await SendAsync(HttpMethod.Post, "/v1/blueprints", BlueprintContractTests.Pipeline);
        await SendAsync(HttpMethod.Post, "/v1/actions", Restart.Replace("\"microservice\"", "\"pipeline\""));

        AssertPortError(await SendAsync(HttpMethod.Delete, "/v1/blueprints/pipeline"), HttpStatusCode.UnprocessableEntity, "has_dependents", "delete_actions=true");
        var (status, _) = await SendAsync(HttpMethod.Delete, "/v1/blueprints/pipeline?delete_actions=true");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        AssertPortError(await SendAsync(HttpMethod.Get, "/v1/actions/restart"), HttpStatusCode.NotFound, "not_found");
    }
}
