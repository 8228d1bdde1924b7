using System.Net;

namespace Port.Emulator.Tests;

/// <summary>JSON syntax errors point at the column an editor shows (characters, not UTF-8 bytes).</summary>
public class JsonErrorPositionTests : EmulatorFixture
{
    [SetUp]
    public Task Login() => LoginAsync();

    /// <param name="wrong">The text the parser stops at (its last occurrence).</param>
    [TestCase("{\"title\":\"Ledger\",}", "}")]
    [TestCase("{\"title\":\"Café über\",}", "}")]
    [TestCase("{\n  \"title\": \"日本語\" \"x\"\n}", "\"x\"")]
    public async Task RequestBody_ColumnCountsCharacters(string json, string wrong)
    {
        var lines = json.Split('\n');
        var line = Array.FindLastIndex(lines, l => l.Contains(wrong));
        var column = lines[line].LastIndexOf(wrong, StringComparison.Ordinal) + 1;

        AssertPortError(await SendAsync(HttpMethod.Post, "/v1/blueprints/microservice/entities", json), HttpStatusCode.BadRequest, "invalid_json", $"(line {line + 1}, column {column})");
    }

    [Test]
    public async Task Seed_ColumnCountsCharacters_AndTheReasonHasNoBytePosition()
    {
        var seed = Path.GetTempFileName();
        File.WriteAllText(seed, "{\"credentials\": [],\n \"blueprints\": [{\"title\": \"Ünïcödé\" ]}");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => PortEmulator.StartAsync(new EmulatorOptions { SeedPath = seed }));

            Assert.That(error!.Message, Does.Contain("(line 2, column 37)"), "the ] after 9 characters of Ünïcödé, 13 bytes in UTF-8");
            Assert.That(error.Message, Does.Not.Contain("BytePositionInLine"));
        }
        finally
        {
            File.Delete(seed);
        }
    }
}
