using System.Text.RegularExpressions;

using EndToEnd.Tests;

namespace EndToEnd.Cli.Integrations;

/// <summary>
/// The Bitbucket pipe (integrations/bitbucket): each bats test of its test/*.bats as a test of its own, run with
/// pipe.sh against this run's emulator and port-ci from the release archive on PATH; its generated files, its
/// README's YAML, its Dockerfile's shape and its script's lint.
/// </summary>
[Platform(Exclude = "Win", Reason = "a pipe runs in a Linux container; its tests are bash")]
public partial class Bitbucket : CliTest
{
    private static readonly string Folder = Path.Combine(Repository.Root, "integrations", "bitbucket");

    /// <summary>Every @test of the pipe's bats files, as (file, name).</summary>
    public static IEnumerable<TestCaseData> BatsTests() =>
        Directory.GetFiles(Path.Combine(Folder, "test"), "*.bats").Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadLines(file).Select(line => BatsTest().Match(line)).Where(m => m.Success)
                .Select(m => new TestCaseData(Path.GetFileName(file), m.Groups[1].Value).SetArgDisplayNames($"{Path.GetFileName(file)}: {m.Groups[1].Value}")));

    [TestCaseSource(nameof(BatsTests))]
    public void Bats(string file, string name)
    {
        var bats = Require("bats", FindBats(), "install it with npm ci (devDependency bats) or apt-get install bats.");
        Require("jq", FindOnPath("jq"), "apt-get install jq.");
        Require("curl", FindOnPath("curl"), "apt-get install curl.");
        var logs = Directory.CreateTempSubdirectory("pipe-logs-").FullName;
        var (clientId, clientSecret) = Emulator.DemoCredentials;
        try
        {
            var (code, tap, stderr) = Repository.Capture(bats!, ["--tap", "--filter", $"^{EscapeRegex(name)}$", Path.Combine(Folder, "test", file)],
                new Dictionary<string, string>
                {
                    ["PATH"] = $"{CliArchive.Folder}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
                    ["HOME"] = logs,
                    ["PORT_EMULATOR_URL"] = Emulator.BaseUrl,
                    ["PORT_CLIENT_ID"] = clientId,
                    ["PORT_CLIENT_SECRET"] = clientSecret,
                    ["PIPE_LOG_DIR"] = logs,
                },
                TimeSpan.FromMinutes(3), onlyThisEnvironment: true);

            // TAP: the plan 1..1, then "ok 1 <name>" or "not ok 1 <name>" followed by bats' "# " lines saying why.
            var report = $"bats {file} --filter '{name}' exited {code}:\n{tap}{stderr}";
            Assert.That(tap, Does.StartWith("1..1\n"), $"bats ran exactly this test\n{report}");
            Assert.That(tap, Does.Contain($"\nok 1 {name}"), report);
            Assert.That(code, Is.Zero, report);

            var output = string.Concat(Directory.GetFiles(logs, "*.log").Select(File.ReadAllText)) + tap + stderr;
            foreach (var secret in Emulator.Tokens.Issued.Append(clientSecret))
            {
                Assert.That(output, Does.Not.Contain(secret), "a secret or access token shows in the pipe's output");
            }
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    [Test]
    public void PipeYml_AndFlagsTsv_AreWhatTheTasksDeclare()
    {
        var (code, stdout, stderr) = Repository.Capture("node", [Path.Combine(Folder, "generate.js"), "--check"], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        Assert.That(code, Is.Zero, stdout + stderr);
    }

    [Test]
    public void TheReadmesYaml_IsValidBitbucketPipelines_AndEachPipeStepFitsPipeYml()
    {
        var (code, stdout, stderr) = Repository.Capture("node", [Path.Combine(Folder, "test", "check-readme.js")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(stdout, Does.Contain("yaml block(s)"));
    }

    [Test]
    public void TheMainReadmesBitbucketBlocks_AreValid_AndEachPipeStepFitsPipeYml()
    {
        var folder = Directory.CreateTempSubdirectory("pipe-main-readme-").FullName;
        try
        {
            // check-readme.js reads the ```yaml blocks of a Markdown file: these blocks, as one.
            var markdown = Path.Combine(folder, "blocks.md");
            File.WriteAllText(markdown, string.Concat(ReadmeBlocks.WriteFor("Bitbucket", folder).Select(f => $"```yaml\n{File.ReadAllText(f)}```\n\n")));

            var (code, stdout, stderr) = Repository.Capture("node", [Path.Combine(Folder, "test", "check-readme.js"), markdown], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

            Assert.That(code, Is.Zero, stdout + stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void PipeSh_IsShellcheckClean()
    {
        var shellcheck = Require("shellcheck", FindOnPath("shellcheck"), "apt-get install shellcheck.");

        var (code, stdout, stderr) = Repository.Capture(shellcheck!, ["-s", "bash", Path.Combine(Folder, "pipe", "pipe.sh")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

        Assert.That(code, Is.Zero, $"shellcheck -s bash pipe.sh:\n{stdout}{stderr}");
    }

    /// <summary>No Docker daemon here to build it: its shape instead, line by line.</summary>
    [Test]
    public void TheDockerfile_IsDebianSlim_InstallsTheStampedPortCiWithInstallSh_AndRunsAsANonRootUser()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "Dockerfile")).Where(l => !l.StartsWith('#')).ToList();
        var text = string.Join('\n', lines);
        var instructions = lines.Where(l => Regex.IsMatch(l, "^[A-Z]+ ")).ToList();

        Assert.That(instructions.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)), Is.EqualTo(new[] { "FROM debian:bookworm-slim" }), "one small glibc base");
        Assert.That(instructions, Does.Contain($"ARG PORT_CI_VERSION={CliArchive.Version}"), "pins package.json's version, as npm version stamps it");
        Assert.That(instructions, Does.Contain("COPY install.sh /tmp/install.sh"), "the repository's own installer");
        Assert.That(text, Does.Contain("sh /tmp/install.sh --version \"$PORT_CI_VERSION\" --dir /usr/local/bin"));
        Assert.That(text, Does.Not.Match(@"curl[^\n]*\|\s*(ba)?sh"), "no second way of installing port-ci");
        Assert.That(text, Does.Contain("ca-certificates"), "HTTPS to Port needs the CA certificates");
        var user = instructions.FindLastIndex(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.That(user, Is.GreaterThan(instructions.FindLastIndex(l => l.StartsWith("RUN ", StringComparison.Ordinal))), "USER after the last RUN");
        Assert.That(instructions[user], Does.Not.Match("^USER (root|0)(:|$)"), "runs as a non-root user");
        Assert.That(instructions[^1], Is.EqualTo("ENTRYPOINT [\"/pipe/pipe.sh\"]"));
        Assert.That(text, Does.Contain("COPY integrations/bitbucket/pipe/pipe.sh integrations/bitbucket/pipe/flags.tsv /pipe/"), "the script with the flags it maps");
    }

    /// <summary>`npm version` stamps the version into the Dockerfile and pipe.yml, and pipe.yml is still what generate.js writes.</summary>
    [Test]
    public void NpmVersion_StampsTheDockerfileAndPipeYml_AndKeepsPipeYmlGenerated()
    {
        var copy = Directory.CreateTempSubdirectory("pipe-stamp-").FullName;
        try
        {
            foreach (var folder in new[] { "scripts", "tasks", "integrations" })
            {
                CopyFolder(Path.Combine(Repository.Root, folder), Path.Combine(copy, folder));
            }

            // ci-wording.json: the CI-neutral wording of the flags, which generate.js reads through scripts/ci-flags.js.
            foreach (var file in new[] { "package.json", "vss-extension.json", "install.sh", "src/PortCi/ci-wording.json" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, file))!);
                File.Copy(Path.Combine(Repository.Root, file), Path.Combine(copy, file));
            }

            File.CreateSymbolicLink(Path.Combine(copy, "node_modules"), Path.Combine(Repository.Root, "node_modules"));
            var package = Path.Combine(copy, "package.json");
            File.WriteAllText(package, File.ReadAllText(package).Replace($"\"version\": \"{CliArchive.Version}\"", "\"version\": \"7.8.9\"", StringComparison.Ordinal));

            var stamp = Repository.Capture("node", [Path.Combine(copy, "scripts", "stamp-version.js")], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
            var check = Repository.Capture("node", [Path.Combine(copy, "integrations", "bitbucket", "generate.js"), "--check"], new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

            Assert.That(stamp.ExitCode, Is.Zero, stamp.Stdout + stamp.Stderr);
            Assert.That(File.ReadAllLines(Path.Combine(copy, "integrations", "bitbucket", "Dockerfile")), Does.Contain("ARG PORT_CI_VERSION=7.8.9"));
            Assert.That(File.ReadAllLines(Path.Combine(copy, "integrations", "bitbucket", "pipe.yml")), Does.Contain("image: ghcr.io/port-for-azure-pipelines/port-pipe:7.8.9"));
            Assert.That(check.ExitCode, Is.Zero, check.Stdout + check.Stderr);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>bats from the repository's node_modules (devDependency), else from PATH (Debian's bats).</summary>
    private static string? FindBats()
    {
        var local = Path.Combine(Repository.Root, "node_modules", "bats", "bin", "bats");
        return File.Exists(local) ? local : FindOnPath("bats");
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    /// <summary>
    /// A tool the test needs. Missing in CI (CI=true), the test fails, so that a green CI means it ran; elsewhere it is
    /// ignored, saying why.
    /// </summary>
    private static string? Require(string tool, string? path, string how)
    {
        if (path is not null)
        {
            return path;
        }

        var why = $"{tool} is not installed: {how}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI must run this check, and it cannot run here: {why}");
        }

        Assert.Ignore($"SKIPPED, untested in this run: {why}");
        return null;
    }

    /// <summary>A bats test name as an extended regular expression matching it literally (bats --filter).</summary>
    private static string EscapeRegex(string name) => SpecialInRegex().Replace(name, @"\$0");

    [GeneratedRegex(@"^@test ""(.*)"" \{$")]
    private static partial Regex BatsTest();

    [GeneratedRegex(@"[\\.^$|?*+()\[\]{}]")]
    private static partial Regex SpecialInRegex();
}
