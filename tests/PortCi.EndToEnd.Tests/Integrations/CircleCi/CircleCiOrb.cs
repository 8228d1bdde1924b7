using System.Text.Json.Nodes;

using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// The CircleCI orb as `npm run orb` packs it (integrations/circleci/pack.js), packed once for the run, and the Node
/// side of its tests (circleci.js beside this file): YAML read as JSON, CircleCI's config schema, a job expanded as
/// CircleCI's compiler expands it.
/// </summary>
public static class CircleCiOrb
{
    public static readonly string Source = Path.Combine(Repository.Root, "integrations", "circleci");

    private static readonly string Tool = Path.Combine(Repository.Root, "tests", "PortCi.EndToEnd.Tests", "Integrations", "CircleCi", "circleci.js");

    private static readonly Lazy<string> PackedOrb = new(() =>
    {
        Repository.Run("node", Path.Combine(Source, "pack.js"));
        return Path.Combine(Repository.Root, "out", "circleci", "orb.yml");
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>out/circleci/orb.yml, packed by this run.</summary>
    public static string Packed => PackedOrb.Value;

    public static JsonObject Orb => Json(Packed);

    public static JsonObject Json(string yamlFile) => JsonNode.Parse(Node("json", yamlFile))!.AsObject();

    /// <summary>The schema's complaints about each file; empty when every file is valid.</summary>
    public static string SchemaErrors(params string[] yamlFiles)
    {
        var (code, stdout, stderr) = Repository.Capture("node", [Tool, "validate", .. yamlFiles], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        return code == 0 ? "" : stdout + stderr;
    }

    /// <summary>A config that uses the orb as port: port-for-azure-pipelines/port@1, with the packed orb inline.</summary>
    public static string Inline(string configFile) => Node("inline", configFile, Packed);

    /// <summary>A job of a config with the orb inline, expanded: its environment and its steps, as JSON.</summary>
    public static JsonObject Expand(string configFile, string job) => JsonNode.Parse(Node("expand", configFile, job))!.AsObject();

    private static string Node(params string[] arguments)
    {
        var (code, stdout, stderr) = Repository.Capture("node", [Tool, .. arguments], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        Assert.That(code, Is.Zero, $"node circleci.js {string.Join(' ', arguments)}:\n{stderr}");
        return stdout;
    }

    /// <summary>Fails where CI must run a check (CI=true), else ignores the test with the reason.</summary>
    public static void Unavailable(string why)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI must run this check, and it cannot run here: {why}");
        }

        Assert.Ignore($"SKIPPED, untested in this run: {why}");
    }
}
