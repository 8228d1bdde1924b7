using System.Text.Json.Nodes;

namespace Port.Emulator.AzureDevOps;

/// <summary>
/// A stand-in for the few Azure DevOps REST routes the tasks call from inside a job (build timeline, build, build
/// changes), answering in the shapes of Microsoft's API description. Its collection URI is
/// <c>{emulator}/_azdo/{organization}/</c>. Tests and the local pipeline runner put builds in it; it can be told to
/// refuse the job's token (401) or to answer with a sign-in page (203), as Azure DevOps does.
/// </summary>
public sealed class AzureDevOpsFake
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _builds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _releaseEnvironments = new(StringComparer.Ordinal);

    /// <summary>When set, every call answers this status (401, 403, 203 with a sign-in page, 500 …).</summary>
    public int? ForcedStatus { get; set; }

    /// <summary>Puts a build: <c>{"build": {...}, "records": [timeline records], "changes": [changes]}</c>.</summary>
    public void PutBuild(string buildId, JsonObject build)
    {
        lock (_gate)
        {
            _builds[buildId] = (JsonObject)build.DeepClone();
        }
    }

    public JsonObject? Build(string buildId)
    {
        lock (_gate)
        {
            return _builds.TryGetValue(buildId, out var build) ? (JsonObject)build.DeepClone() : null;
        }
    }

    /// <summary>Puts a classic release's environment, as <c>GET …/releases/{id}/environments/{id}?$expand=tasks</c> answers it.</summary>
    public void PutReleaseEnvironment(string releaseId, string environmentId, JsonObject environment)
    {
        lock (_gate)
        {
            _releaseEnvironments[$"{releaseId}/{environmentId}"] = (JsonObject)environment.DeepClone();
        }
    }

    public JsonObject? ReleaseEnvironment(string releaseId, string environmentId)
    {
        lock (_gate)
        {
            return _releaseEnvironments.TryGetValue($"{releaseId}/{environmentId}", out var environment) ? (JsonObject)environment.DeepClone() : null;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _builds.Clear();
            _releaseEnvironments.Clear();
            ForcedStatus = null;
        }
    }
}
