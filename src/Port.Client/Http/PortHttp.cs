using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Client.Auth;
using Port.Http;

namespace Port.Client.Http;

/// <summary>
/// Sends requests to Port: its attempts (see <see cref="RetryLoop"/>), the bearer token,
/// a single token refresh on 401, the 1 MiB body limit, error mapping, and debug logs without secrets.
/// </summary>
internal sealed class PortHttp : IDisposable
{
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly PortClientOptions _options;
    private readonly RetryLoop _retry;
    private readonly AccessTokenProvider _tokens;

    public PortHttp(PortClientOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        _http = handler is null ? new HttpClient(HttpTransport.Create(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = PortBaseUrl.Normalize(options.BaseUrl);
        _http.Timeout = Timeout.InfiniteTimeSpan; // the retry loop owns every timeout
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _retry = new RetryLoop(options);
        _tokens = new AccessTokenProvider(FetchTokenAsync, options.TimeProvider, options.TokenRefreshMargin);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public IPortLog Log => _options.Log;

    public PortClientOptions Options => _options;

    /// <summary>Sends <paramref name="request"/> and returns Port's JSON answer; throws <see cref="PortApiException"/> on failure.</summary>
    public async Task<JsonObject> SendAsync(PortRequest request, CancellationToken cancellationToken)
    {
        if (request.Body is { Length: > MaxBodyBytes } body)
        {
            var message = $"The request body is {body.Length:N0} bytes; Port accepts at most 1 MiB ({MaxBodyBytes:N0} bytes). Send fewer or smaller entities.";
            throw new PortApiException(HttpStatusCode.RequestEntityTooLarge, "request_too_large", message, request.Method.Method, request.Path)
            {
                Subject = PortErrorClassifier.Classify(HttpStatusCode.RequestEntityTooLarge, "request_too_large", message, request),
            };
        }

        // One deadline for the whole call, so a slow token, a renewal or a read-back cannot stretch it.
        using var deadline = new CallDeadline(_options.TotalTimeout, _options.TimeProvider, cancellationToken);
        try
        {
            return request.Idempotent
                ? await SendAuthenticatedAsync(request, deadline).ConfigureAwait(false)
                : await SendUntilLandedAsync(request, deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            // Cut off outside an attempt of its own: while its token was fetched or waited for.
            throw TimedOut(request, deadline.Exceeded());
        }
    }

    /// <summary>Not idempotent: after an unclear failure, learns from Port whether the write landed before sending it again.</summary>
    private async Task<JsonObject> SendUntilLandedAsync(PortRequest request, CallDeadline deadline)
    {
        for (var resends = 0; ; resends++)
        {
            var sentAt = _options.TimeProvider.GetUtcNow();
            try
            {
                return await SendAuthenticatedAsync(request, deadline).ConfigureAwait(false);
            }
            catch (PortApiException ex) when (TransientFault.MayHaveLanded(ex) && !deadline.Caller.IsCancellationRequested)
            {
                if (await ReadBackAsync(request, ex, sentAt, deadline).ConfigureAwait(false) is { } answer)
                {
                    return answer;
                }

                if (resends >= _options.MaxRetries)
                {
                    throw;
                }

                _options.Log.Warning($"{request.Method} {request.Path}: Port does not have it, so it did not land; sending it again ({resends + 1} of {_options.MaxRetries}).");
            }
        }
    }

    /// <summary>Port's answer if the write landed, null if it did not; throws <see cref="PortOutcomeUnknownException"/> when that cannot be learned.</summary>
    private async Task<JsonObject?> ReadBackAsync(PortRequest request, PortApiException failure, DateTimeOffset sentAt, CallDeadline deadline)
    {
        var what = $"{request.Method} {request.Path} failed ({failure.Describe()})";
        var unknown = $"so {request.Effect} may exist in Port now. It was not sent again, because a repeat would make it twice: look in Port before running this step again.";
        if (request.ReadBack is null)
        {
            throw new PortOutcomeUnknownException($"{what}, and Port gives no way to check whether it landed, {unknown}", request.Method.Method, request.Path, failure);
        }

        _options.Log.Warning($"{what}; reading Port back to learn whether it landed before sending it again.");
        try
        {
            // A write Port is still working on would be missed: give it a moment first.
            await Task.Delay(_options.BaseDelay, _options.TimeProvider, deadline.Token).ConfigureAwait(false);
            var answer = await request.ReadBack(sentAt, deadline.Token).ConfigureAwait(false);
            if (answer is not null)
            {
                _options.Log.Warning($"{request.Method} {request.Path}: Port has it, so it landed; it is not sent again.");
            }

            return answer;
        }
        catch (PortApiException readFailure) when (!deadline.Caller.IsCancellationRequested)
        {
            throw new PortOutcomeUnknownException($"{what}, and reading Port back failed too ({readFailure.Describe()}), {unknown}", request.Method.Method, request.Path, failure);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw new PortOutcomeUnknownException($"{what}, and the call ran out of time before Port was read back ({deadline.Exceeded().Message}), {unknown}", request.Method.Method, request.Path, failure);
        }
    }

    /// <summary>Sends with the access token; on a 401 renews the token once and sends again (a 401 did nothing).</summary>
    private async Task<JsonObject> SendAuthenticatedAsync(PortRequest request, CallDeadline deadline)
    {
        var token = request.Route.Authenticated ? await _tokens.GetTokenAsync(deadline.Token).ConfigureAwait(false) : null;
        var (status, text) = await SendOnceAsync(request, token, deadline).ConfigureAwait(false);

        if (status == HttpStatusCode.Unauthorized && token is not null)
        {
            // The token may have expired early or been replaced; ask for a new one, once.
            _options.Log.Warning($"Port answered 401 to {request.Method} {request.Path}; renewing the access token and trying once more.");
            _tokens.Invalidate(token);
            token = await _tokens.GetTokenAsync(deadline.Token).ConfigureAwait(false);
            (status, text) = await SendOnceAsync(request, token, deadline).ConfigureAwait(false);
        }

        if ((int)status is < 200 or > 299)
        {
            throw PortErrorMapper.FromResponse(status, text, request);
        }

        var json = ParseObject(text, request);
        if (json["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && !isOk)
        {
            throw PortErrorMapper.FromResponse(status, text, request);
        }

        return json;
    }

    /// <summary>Runs one request through the retry loop and reads the whole answer.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendOnceAsync(PortRequest request, string? token, CallDeadline deadline)
    {
        LogRequestBody(request);
        try
        {
            using var response = await _retry.RunAsync(request, ct => SendAttemptAsync(request, token, ct), deadline).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (text.Length > 0 && _options.Log.DebugEnabled)
            {
                _options.Log.Debug($"Port answered {(int)response.StatusCode}: {SensitiveData.Redact(text)}");
            }

            return (response.StatusCode, text);
        }
        catch (PortTimeoutException ex) when (!deadline.Caller.IsCancellationRequested)
        {
            throw TimedOut(request, ex);
        }
        catch (HttpRequestException ex) when (!deadline.Caller.IsCancellationRequested)
        {
            throw new PortApiException(null, "connection_failed",
                $"Could not reach Port at {_http.BaseAddress}: {ex.Message}", request.Method.Method, request.Path, ex);
        }
        catch (IOException ex) when (!deadline.Caller.IsCancellationRequested)
        {
            throw new PortApiException(null, "connection_failed",
                $"The connection to Port at {_http.BaseAddress} broke: {ex.Message}", request.Method.Method, request.Path, ex);
        }
    }

    private static PortApiException TimedOut(PortRequest request, PortTimeoutException timeout) => new(null, "timeout",
        $"Port did not answer in time ({timeout.Timeout.TotalSeconds:0.#} s) after every retry. Is the base URL right and Port reachable?",
        request.Method.Method, request.Path, timeout);

    private async Task<HttpResponseMessage> SendAttemptAsync(PortRequest request, string? token, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        var watch = Stopwatch.StartNew();
        _options.Log.Debug($"→ {request.Method} /{request.PathAndQuery}");
        var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        _options.Log.Debug($"← {(int)response.StatusCode} {request.Method} {request.Path} in {watch.ElapsedMilliseconds} ms");
        return response;
    }

    private async Task<(string Token, TimeSpan ExpiresIn)> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var request = new PortRequest(PortRoutes.AccessToken);
        if (string.IsNullOrEmpty(_options.ClientId) || string.IsNullOrEmpty(_options.ClientSecret))
        {
            throw new PortAuthenticationException(HttpStatusCode.Unauthorized, "missing_credentials",
                "No Port client ID or client secret was given.", "POST", request.Path) { Subject = PortErrorSubject.Auth };
        }

        request = request with { Body = JsonSerializer.SerializeToUtf8Bytes(new AccessTokenRequest(_options.ClientId, _options.ClientSecret), PortJsonContext.Default.AccessTokenRequest) };
        var json = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = json.Deserialize(PortJsonContext.Default.AccessTokenResponse);
        if (string.IsNullOrEmpty(answer?.AccessToken))
        {
            throw new PortAuthenticationException(HttpStatusCode.Unauthorized, "invalid_token_response", "Port's token answer held no accessToken.", "POST", request.Path) { Subject = PortErrorSubject.Auth };
        }

        _options.OnAccessToken?.Invoke(answer.AccessToken);
        _options.Log.Debug($"Got a Port access token valid for {answer.ExpiresIn ?? 0:0} s.");
        return (answer.AccessToken, TimeSpan.FromSeconds(answer.ExpiresIn ?? 3600));
    }

    private void LogRequestBody(PortRequest request)
    {
        if (request.Body is { Length: > 0 } body && _options.Log.DebugEnabled)
        {
            _options.Log.Debug($"Request body of {request.Method} {request.Path}: {SensitiveData.Redact(Encoding.UTF8.GetString(body))}");
        }
    }

    private static JsonObject ParseObject(string text, PortRequest request)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new PortApiException(null, "invalid_response", "Port's answer was not a JSON object.", request.Method.Method, request.Path);
        }
        catch (JsonException ex)
        {
            throw new PortApiException(null, "invalid_response", $"Port's answer was not JSON: {ex.Message}", request.Method.Method, request.Path, ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
