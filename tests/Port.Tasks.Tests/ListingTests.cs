using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Port.Tasks.Tests;

/// <summary>
/// The Marketplace listing: the manifest's links, licence, targets and branding, and each task's help link and release
/// notes agree with package.json, the README and the files they name.
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

    /// <summary>GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string GitHubAnchor(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{N} _-]", string.Empty).Replace(' ', '-');
}
