using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Http;

namespace Port.AzureDevOps;

/// <summary>
/// Calls the Azure DevOps REST API with the job's access token (<c>SYSTEMVSSCONNECTION</c>): the build timeline and
/// the build's changes. Retries 429 and 5xx (honouring <c>Retry-After</c>), treats a 203 sign-in page as refused
/// credentials, and steps down to the server's api-version when an Azure DevOps Server says 7.1 is out of its range.
/// </summary>
public class AzureDevOpsClient : IDisposable
{
    private const int MaxAttempts = 3;
    private readonly HttpClient _http;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private string _apiVersion = "7.1";

    /// <param name="collectionUri">System.CollectionUri, e.g. https://dev.azure.com/fabrikam/ (any prefix: on-premises servers have their own).</param>
    /// <param name="handler">The HTTP handler; tests pass a fake. Not disposed by the client.</param>
    /// <param name="delay">How to wait between attempts; tests pass one that does not.</param>
    public AzureDevOpsClient(Uri collectionUri, string accessToken, HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(collectionUri);
        _http = handler is null ? new HttpClient(HttpTransport.Create(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = new Uri(collectionUri.AbsoluteUri.TrimEnd('/') + "/");
        _http.Timeout = TimeSpan.FromSeconds(30);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.Add("X-TFS-FedAuthRedirect", "Suppress"); // ask for 401 rather than a sign-in page
        _delay = delay ?? Task.Delay;
    }

    /// <summary>For mocking.</summary>
    protected AzureDevOpsClient()
    {
        _http = new HttpClient(HttpTransport.Create(), disposeHandler: true);
        _delay = Task.Delay;
    }

    /// <summary>Every record of a build's main timeline: <c>GET {project}/_apis/build/builds/{buildId}/timeline</c>.</summary>
    public virtual async Task<IReadOnlyList<TimelineRecord>> GetTimelineAsync(string project, string buildId, CancellationToken cancellationToken = default)
    {
        var (json, _) = await GetAsync($"{Segment(project)}/_apis/build/builds/{Segment(buildId)}/timeline", cancellationToken).ConfigureAwait(false);
        return (json["records"] as JsonArray ?? []).OfType<JsonObject>().Select(TimelineRecord.FromJson).ToList();
    }

    /// <summary>Every change associated with a build, all pages: <c>GET {project}/_apis/build/builds/{buildId}/changes</c>.</summary>
    public virtual async Task<IReadOnlyList<BuildChange>> GetBuildChangesAsync(string project, string buildId, CancellationToken cancellationToken = default)
    {
        var changes = new List<BuildChange>();
        string? continuation = null;
        do
        {
            var path = $"{Segment(project)}/_apis/build/builds/{Segment(buildId)}/changes?$top=100"
                + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            (var json, continuation) = await GetAsync(path, cancellationToken).ConfigureAwait(false);
            changes.AddRange((json["value"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new BuildChange(
                (string?)c["id"] ?? "",
                DateTimeOffset.TryParse((string?)c["timestamp"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                (string?)c["message"])));
        }
        while (continuation is not null);

        return changes;
    }

    /// <summary>
    /// A classic release's environment with its deployment attempts and tasks:
    /// <c>GET {project}/_apis/Release/releases/{releaseId}/environments/{environmentId}?$expand=tasks</c>, on the release
    /// host (vsrm), which a release job's system connection points at.
    /// </summary>
    public virtual async Task<JsonObject> GetReleaseEnvironmentAsync(string project, string releaseId, string environmentId, CancellationToken cancellationToken = default)
    {
        var (json, _) = await GetAsync($"{Segment(project)}/_apis/Release/releases/{Segment(releaseId)}/environments/{Segment(environmentId)}?$expand=tasks", cancellationToken).ConfigureAwait(false);
        return json;
    }

    /// <returns>The JSON answer and the continuation token of a paged list, if any.</returns>
    private async Task<(JsonObject Json, string? Continuation)> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var uri = pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "api-version=" + _apiVersion;
            using var response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            if (status == HttpStatusCode.NonAuthoritativeInformation || (response.IsSuccessStatusCode && !IsJson(response)))
            {
                throw new AzureDevOpsException(HttpStatusCode.Unauthorized, $"Azure DevOps answered {(int)status} with a sign-in page instead of JSON: it did not accept the job's access token.");
            }

            if (status == HttpStatusCode.BadRequest && SupportedVersion(text) is { } supported && supported != _apiVersion)
            {
                _apiVersion = supported; // an Azure DevOps Server older than the cloud service
                continue;
            }

            if ((status == HttpStatusCode.TooManyRequests || (int)status >= 500) && attempt < MaxAttempts)
            {
                await _delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new AzureDevOpsException(status, $"Azure DevOps answered {(int)status} {status} to GET {uri.Split('?')[0]}{Detail(text)}.");
            }

            var continuation = response.Headers.TryGetValues("x-ms-continuationtoken", out var values) ? values.FirstOrDefault() : null;
            try
            {
                return (JsonNode.Parse(text) as JsonObject ?? [], string.IsNullOrEmpty(continuation) ? null : continuation);
            }
            catch (JsonException ex)
            {
                throw new AzureDevOpsException(status, $"Azure DevOps answered GET {uri.Split('?')[0]} with something that is not JSON: {ex.Message}", ex);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string uri, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AzureDevOpsException(null, $"Could not reach Azure DevOps at {_http.BaseAddress}: {ex.Message}", ex);
        }
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? true;

    /// <summary>"… The latest REST API version this server supports is 6.1." → "6.1".</summary>
    internal static string? SupportedVersion(string body)
    {
        const string Marker = "this server supports is ";
        var at = body.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var version = new string(body[(at + Marker.Length)..].TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray()).TrimEnd('.');
        return version.Length > 0 ? version : null;
    }

    private static string Detail(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"] is JsonValue message ? $": {(string?)message}" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Segment(string value) => Uri.EscapeDataString(value);

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
