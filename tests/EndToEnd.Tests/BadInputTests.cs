namespace EndToEnd.Tests;

/// <summary>Each bad input ends the task Failed with one clear message naming the input, and nothing half-written.</summary>
public class BadInputTests : EmulatorTest
{
    private static readonly string Files = Directory.CreateTempSubdirectory("port-bad-input-").FullName;

    private static TaskProcess Upsert() => new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("identifier", "ledger");

    /// <summary>PortUpsertEntity over a file of entities written for the case.</summary>
    private static TaskProcess UpsertFile(string name, string text)
    {
        var path = Path.Combine(Files, name);
        File.WriteAllText(path, text);
        return new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", path);
    }

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(Files, recursive: true);

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortUpsertEntity").Input("blueprint", "microservice").Input("identifier", "x")),
            "The input 'portConnection' is empty, and no other Port credentials were found").SetName("MissingCredentials");
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortUpsertEntity").Input("blueprint", "microservice").Input("identifier", "x")
                .Input("clientId", "demo-client-id").Input("clientSecret", "$(PORT_CLIENT_SECRET)")),
            "The input 'clientSecret' is '$(PORT_CLIENT_SECRET)', but this pipeline defines no variable PORT_CLIENT_SECRET").SetName("UndefinedSecretVariable");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("blueprint", "micro_services")),
            "The input 'blueprint' is 'micro_services', but Port has no such blueprint").SetName("UnknownBlueprint");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("identifier", "my service")),
            "The input 'identifier' is 'my service', which is not a valid Port identifier").SetName("IdentifierOffPattern");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("properties", "{\n  \"version\": \"1.0\",\n  \"replicas\": 3,,\n}")),
            "The input 'properties' is not valid JSON at line 3, column 17").SetName("JsonThatDoesNotParse");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("properties", """{"replicas": "three"}""")),
            "The input 'properties' was rejected by Port: The property \"replicas\" must be a number, but got a string").SetName("PropertyOfTheWrongType");
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortReportRun").ToEmulator().Input("runId", "r_demo_done").Input("status", "SUCCESS")),
            "The Port action run 'r_demo_done' has already ended").SetName("RunThatAlreadyEnded");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("baseUrl", "http://127.0.0.1:1").Variable("PORT_MAX_RETRIES", "0")),
            "Could not reach Port at http://127.0.0.1:1 (from input 'baseUrl')").SetName("UnreachableUrl");
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortReportRun").ToEmulator().Input("runId", "r_demo_deploy").Input("status", "DONE")),
            "The input 'status' is 'DONE'; use one of: auto, SUCCESS, FAILURE, IN_PROGRESS").SetName("StatusOutsideTheList");
    }

    /// <summary>What a new user ran into, each once a confusing message or a half-written import.</summary>
    public static IEnumerable<TestCaseData> FirstUseCases()
    {
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortReportRun").ToEmulator().Input("runId", "..").Input("status", "SUCCESS")),
            "The input 'runId' is '..', which is not a Port action run id").SetName("RunIdDotDot");
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortGetEntity").Input("blueprint", "microservice").Input("identifier", "checkout")
                .Variable("PORT_CLIENT_ID", "demo-client-id").SecretVariable("PORT_CLIENT_SECRET", "demo-client-secret").Variable("PORT_BASE_URL", "api.getport.io")),
            "The variable PORT_BASE_URL holds 'api.getport.io', which is not an http(s) URL").SetName("BadBaseUrlVariable");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("entity", """{"relations": "payments"}""")),
            "The input 'entity' has 'relations' that is not a JSON object: \"payments\"").SetName("RelationsAsAString");
        yield return new TestCaseData(new Func<TaskProcess>(() => Upsert().Input("entity", """{"title": 42}""")),
            "The input 'entity' has a 'title' that is not a string: 42").SetName("TitleNotAString");
        yield return new TestCaseData(new Func<TaskProcess>(() => UpsertFile("big.ndjson",
                "{\"identifier\":\"first\"}\n{\"identifier\":\"big\",\"properties\":{\"readme\":\"" + new string('r', 1100 * 1024) + "\"}}\n")),
            "The input 'entitiesFile' names 'big.ndjson', whose entity at line 2 ('big') makes an entity of 1,126,").SetName("EntityOverOneMebibyteInAFile");
        yield return new TestCaseData(new Func<TaskProcess>(() => UpsertFile("tags.csv", "identifier,tags:json\nfirst,[1]\nsecond,\"[1,,2]\"\n")),
            "The input 'entitiesFile' names 'tags.csv', whose line 3, column 12 (in the 'tags:json' cell) is not valid JSON").SetName("CsvJsonCellAtTheFilesPosition");
        yield return new TestCaseData(new Func<TaskProcess>(() => new TaskProcess("PortUpsertEntity").ToEmulator().Input("blueprint", "microservice").Input("entitiesFile", Files)),
            $"The input 'entitiesFile' names '{Files}', which is a folder").SetName("FolderAsEntitiesFile");
    }

    [TestCaseSource(nameof(FirstUseCases))]
    [TestCaseSource(nameof(Cases))]
    public void FailsWithOneClearMessage(Func<TaskProcess> arrange, string expected)
    {
        var run = arrange().Run();

        Assert.That(run.Result, Is.EqualTo("Failed"), run.ToString());
        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Errors, Has.Count.EqualTo(1), run.ToString());
        Assert.That(run.Errors[0], Does.StartWith(expected));
        Assert.That(run.CompleteMessage, Is.EqualTo(run.Errors[0]));
        Assert.That(run.Lines, Has.None.Contains("   at "), "no stack trace");
        var writes = PackagedExtension.Emulator.Journal.ToJson()
            .Where(r => (string?)r!["method"] != "GET" && !((string?)r!["path"])!.EndsWith("access_token") && (int)r!["status"]! is >= 200 and < 300);
        Assert.That(writes, Is.Empty, "nothing half-written");
    }
}
