using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Port.Tasks.Tests;

/// <summary>
/// The Marketplace listing: the manifest's links, licence, targets and branding, each task's help link and release
/// notes, and the pictures of overview.md agree with package.json, the README and the files they name.
/// </summary>
public class ListingTests
{
    private static readonly string Root = Manifest.Root;

    /// <summary>A phrase that only the licence's own text holds, for each licence package.json may name.</summary>
    private static readonly Dictionary<string, string> LicenceTexts = new()
    {
        ["MIT"] = "Permission is hereby granted, free of charge, to any person obtaining a copy",
    };

    public static IEnumerable<string> Tasks => Manifest.Tasks;

    private static JsonObject Extension => Manifest.RootJson("vss-extension.json");

    /// <summary>package.json's repository, without a trailing ".git" or slash.</summary>
    private static string Repository
    {
        get
        {
            var repository = Manifest.RootJson("package.json")["repository"];
            var url = (string?)(repository is JsonObject ? repository["url"] : repository);
            Assert.That(url, Does.StartWith("https://github.com/"), "package.json's repository is its GitHub address");
            return Regex.Replace(url!, @"(\.git)?/*$", string.Empty);
        }
    }

    [Test]
    public void Repository_AndLinks_PointAtPackageJsonsRepository()
    {
        var manifest = Extension;

        Assert.That((string?)manifest["repository"]?["type"], Is.EqualTo("git"));
        Assert.That((string?)manifest["repository"]?["uri"], Is.EqualTo(Repository));
        foreach (var link in new[] { "getstarted", "support", "license" })
        {
            var uri = (string?)manifest["links"]?[link]?["uri"];
            Assert.That(uri, Does.StartWith(Repository + "/").Or.StartWith(Repository + "#"), $"links.{link} is a page of {Repository}");
        }

        Assert.That((string?)manifest["links"]!["license"]!["uri"], Is.EqualTo($"{Repository}/blob/main/{(string?)manifest["content"]?["license"]?["path"]}"),
            "links.license shows the licence file the package carries");
        Assert.That((string?)manifest["links"]!["support"]!["uri"], Is.EqualTo($"{Repository}/issues"));
    }

    [Test]
    public void ContentLicense_IsTheLicenceThatPackageJsonNames()
    {
        var licence = (string?)Manifest.RootJson("package.json")["license"] ?? string.Empty;
        var path = (string?)Extension["content"]?["license"]?["path"];

        Assert.That(path, Is.Not.Null.And.Not.Empty, "vss-extension.json content.license.path");
        Assert.That(File.Exists(Path.Combine(Root, path!)), Is.True, $"{path} exists");
        Assert.That(LicenceTexts, Does.ContainKey(licence), $"package.json's licence '{licence}': add the phrase its text holds to LicenceTexts");
        var text = Regex.Replace(File.ReadAllText(Path.Combine(Root, path!)), @"\s+", " ");
        Assert.That(text, Does.Contain(LicenceTexts[licence]), $"{path} is the {licence} licence that package.json names");
    }

    [Test]
    public void Targets_AreServices_AndOnlyServersWhoseAgentsRunTheTasks()
    {
        var targets = Extension["targets"]!.AsArray().Select(t => t!.AsObject()).ToList();
        var ids = targets.Select(t => (string?)t["id"]).ToList();

        Assert.That(ids, Does.Contain("Microsoft.VisualStudio.Services.Cloud"), "Azure DevOps Services");
        // The shortcut Microsoft.VisualStudio.Services also means every Server from TFS 2015 Update 2: its agents have no
        // Node 20 handler and it takes no VSIX of this size (README, Where it runs).
        Assert.That(ids, Has.None.EqualTo("Microsoft.VisualStudio.Services"));
        Assert.That(ids, Is.Unique);
        foreach (var server in targets.Where(t => (string?)t["id"] == "Microsoft.TeamFoundation.Server"))
        {
            var range = Regex.Match((string?)server["version"] ?? string.Empty, @"^\[(\d+)\.(\d+),\s*(\d+(\.\d+)?)?\)$");
            Assert.That(range.Success, Is.True, $"a Server target's version is a range from an inclusive minimum, e.g. [19.0,): '{server["version"]}'");
            Assert.That(int.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(19),
                "Server 2022 (19.x) or later: 2019 (17) and 2020 (18) ship agent 3.225.0 and refuse a VSIX over 25 MiB");
        }

        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (var target in targets)
        {
            Assert.That(readme, Does.Contain($"`{target["id"]}`"), "README, Where it runs, names every target");
        }
    }

    [Test]
    public void Branding_IsPortsViolet()
    {
        var branding = Extension["branding"]!;

        Assert.That((string?)branding["color"], Does.Match("^#[0-9A-Fa-f]{6}$"));
        Assert.That((string?)branding["color"], Is.EqualTo("#6A35FF").IgnoreCase, "the violet of the icons (scripts/make-icons.py)");
        Assert.That((string?)branding["theme"], Is.EqualTo("dark"), "white text on the violet banner");
    }

    [TestCaseSource(nameof(Tasks))]
    public void Task_LinksItsReadmeSection_AndSaysWhatItsMajorVersionDoes(string task)
    {
        var json = Manifest.TaskJson(task);
        var major = (int)json["version"]!["Major"]!;
        var heading = $"### {task}@{major}";
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        Assert.That(readme.Split('\n'), Does.Contain(heading), "the README's task reference has the task's section");
        Assert.That((string?)json["helpUrl"], Is.EqualTo($"{Repository}/blob/main/README.md#{GitHubAnchor(heading[4..])}"));
        var notes = (string?)json["releaseNotes"];
        Assert.That(notes, Does.StartWith($"Version {major}: "), "releaseNotes say what the current major version does");
        Assert.That(notes!.Length, Is.InRange(40, 400), "short release notes");
    }

    /// <summary>The images overview.md shows: the Marketplace shows PNG (no SVG, no Mermaid), packed from an addressable folder.</summary>
    [Test]
    public void OverviewImages_AreLegiblePngsThePackageCarries()
    {
        var overview = File.ReadAllText(Path.Combine(Root, "overview.md"));
        var images = Regex.Matches(overview, @"!\[[^\]]*\]\(([^)\s]+)").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(overview, @"<img[^>]+src=""([^""]+)""").Select(m => m.Groups[1].Value)).ToList();
        var addressable = Extension["files"]!.AsArray().Where(f => (bool?)f!["addressable"] == true).Select(f => ((string)f!["path"]!).TrimEnd('/') + "/").ToList();

        Assert.That(images, Has.Count.GreaterThanOrEqualTo(2), "the loop diagram and a run's log");
        Assert.That(overview, Does.Not.Contain("```mermaid"), "the Marketplace draws no Mermaid");
        foreach (var image in images)
        {
            Assert.That(image, Does.Not.Contain("://").And.Not.StartWith("/"), $"{image}: a path in the package");
            Assert.That(image, Does.EndWith(".png"), $"{image}: PNG");
            Assert.That(addressable.Any(folder => image.StartsWith(folder, StringComparison.Ordinal)), Is.True, $"{image} is in a folder vss-extension.json packs as addressable");
            var file = Path.Combine(Root, image);
            Assert.That(File.Exists(file), Is.True, $"{image} exists");
            var (width, height) = Png.Read(File.ReadAllBytes(file));
            Assert.That(width, Is.InRange(1000, 3000), $"{image}: wide enough to read on the page, not absurdly wide");
            Assert.That(height, Is.InRange(300, 4000), $"{image}: height");
            Assert.That(new FileInfo(file).Length, Is.LessThan(1_000_000), $"{image}: under 1 MB for the page to load");
        }
    }

    /// <summary>The log overview-run.png shows is kept beside the sample it came from: a demo run's lines, no secret among them.</summary>
    [Test]
    public void DemoLog_IsARunOfTheSamplePipeline_WithoutSecrets()
    {
        var log = File.ReadAllText(Path.Combine(Root, "examples", "azure-pipelines.demo.log"));
        var sample = File.ReadAllText(Path.Combine(Root, "examples", "azure-pipelines.yml"));
        var steps = Regex.Matches(sample, @"^\s+displayName:\s*(.+?)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.That(log, Does.StartWith("Using the local Port emulator at http://127.0.0.1:"), "scripts/make-overview-images.py keeps the run from this line on");
        Assert.That(steps, Is.Not.Empty);
        foreach (var step in steps)
        {
            Assert.That(log, Does.Contain($"Starting: {step}\n"), $"the log runs the sample's step '{step}': if the sample changed, run npm run demo and scripts/make-overview-images.py again");
        }

        Assert.That(log, Does.Contain("\nJob result: "));
        Assert.That(log, Does.Not.Contain("demo-client-secret").And.Not.Contain("local-job-access-token"));
        Assert.That(log, Does.Not.Match(@"eyJ[A-Za-z0-9_-]{8,}"), "no access token");
        Assert.That(log, Does.Not.Match(@"(?i)bearer\s+\S"));
    }

    /// <summary>GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string GitHubAnchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{N} _-]", string.Empty).Replace(' ', '-');

    /// <summary>Reads a PNG as a viewer would: every chunk's CRC, IHDR first, IEND last, and the pixels inflate to the size IHDR gives.</summary>
    private static class Png
    {
        private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            return c;
        }).ToArray();

        public static (int Width, int Height) Read(byte[] bytes)
        {
            Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
            var chunks = new List<(string Type, byte[] Data)>();
            for (var at = 8; at < bytes.Length;)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
                var typeAndData = bytes.AsSpan(at + 4, 4 + length);
                Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length)), Is.EqualTo(Crc(typeAndData)), "chunk CRC");
                chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
                at += 12 + length;
            }

            Assert.That(chunks[0].Type, Is.EqualTo("IHDR"));
            Assert.That(chunks[^1].Type, Is.EqualTo("IEND"));
            var header = chunks[0].Data;
            var (width, height, depth, colour, interlace) = ((int)BinaryPrimitives.ReadUInt32BigEndian(header), (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), header[8], header[9], header[12]);
            var channels = colour switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
            Assert.That((depth, channels, interlace), Is.EqualTo(((byte)8, channels, (byte)0)), "8-bit grey or RGB(A), not interlaced, not palette");
            Assert.That(channels, Is.Not.Zero);

            using var zlib = new ZLibStream(new MemoryStream(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray()), CompressionMode.Decompress);
            using var pixels = new MemoryStream();
            zlib.CopyTo(pixels);
            Assert.That(pixels.Length, Is.EqualTo((long)height * (1 + (width * channels))), "the pixel data is as big as the header says");
            return (width, height);
        }

        private static uint Crc(ReadOnlySpan<byte> data)
        {
            var c = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
            }

            return c ^ 0xFFFFFFFFu;
        }
    }
}
