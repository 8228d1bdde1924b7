using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Port.Http;

namespace Port.Client.Tests.Transport;

/// <summary>
/// The task executables' HTTP transport: <see cref="LauncherTransport"/> against the real launcher side
/// (build/launcher-transport.js under Node), which sends to a raw HTTP server on loopback, directly or through a proxy.
/// </summary>
[TestFixture]
[NonParallelizable]
public class LauncherTransportTests
{
    private readonly List<Process> _launchers = [];

    [TearDown]
    public void StopLaunchers()
    {
        foreach (var launcher in _launchers)
        {
            launcher.Kill();
            launcher.Dispose();
        }

        _launchers.Clear();
    }

    [Test]
    public async Task ARequest_ReachesTheServer_WithItsHeadersAndBody_AndItsAnswerComesBack()
    {
        using var server = new RawHttpServer(_ => "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
        using var client = new HttpClient(StartLauncher());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{server.Port}/v1/blueprints/service/entities?upsert=true")
        {
            Content = new StringContent("{\"title\":\"Zürich\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", "token-1");
        request.Headers.UserAgent.ParseAdd("port-azure-tasks/1.0 (PortUpsertEntity)");

        using var response = await client.SendAsync(request);

        var sent = server.Requests.Single();
        Assert.That(sent, Does.StartWith("POST /v1/blueprints/service/entities?upsert=true HTTP/1.1\r\n"));
        Assert.That(sent, Does.Contain("Authorization: Bearer token-1\r\n"));
        Assert.That(sent, Does.Contain("User-Agent: port-azure-tasks/1.0 (PortUpsertEntity)\r\n"));
        Assert.That(sent, Does.Contain("Content-Type: application/json; charset=utf-8\r\n"));
        Assert.That(sent, Does.Contain($"Content-Length: {Encoding.UTF8.GetByteCount("{\"title\":\"Zürich\"}")}\r\n"));
        Assert.That(sent, Does.EndWith("\r\n\r\n{\"title\":\"Zürich\"}"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.ReasonPhrase, Is.EqualTo("Too Many Requests"));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{\"ok\":true}"));
    }

    [Test]
    public async Task AnAnswerLargerThanOneRead_ComesBackWhole()
    {
        var body = new JsonObject { ["entities"] = new JsonArray(Enumerable.Range(0, 20_000).Select(i => (JsonNode)$"entity-{i}").ToArray()) }.ToJsonString();
        using var server = new RawHttpServer(_ => $"HTTP/1.1 200 OK\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
        using var client = new HttpClient(StartLauncher());

        var text = await client.GetStringAsync($"http://127.0.0.1:{server.Port}/v1/entities");

        Assert.That(text, Is.EqualTo(body));
    }

    [Test]
    public async Task ARefusedConnection_IsReportedAsOneThatNeverReachedTheServer()
    {
        using var client = new HttpClient(StartLauncher());

        var failure = await Failure<HttpRequestException>(() => client.GetAsync("http://127.0.0.1:1/v1/blueprints"));

        Assert.That(failure.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
        Assert.That((failure.InnerException as SocketException)?.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused), "what lets a write be sent again");
        Assert.That(failure.Message, Does.Contain("ECONNREFUSED 127.0.0.1:1"));
    }

    [Test]
    public async Task AConnectionThatBreaksBeforeTheAnswer_MayHaveReachedTheServer()
    {
        using var server = new RawHttpServer(_ => "");
        using var client = new HttpClient(StartLauncher());

        var failure = await Failure<HttpRequestException>(() => client.PostAsync($"http://127.0.0.1:{server.Port}/v1/actions/runs", new StringContent("{}")));

        Assert.That(failure.HttpRequestError, Is.EqualTo(HttpRequestError.ResponseEnded));
        Assert.That(failure.InnerException, Is.InstanceOf<IOException>().And.Not.InstanceOf<SocketException>());
        Assert.That(server.Requests, Has.Count.EqualTo(1), "a write is never repeated by the launcher");
    }

    [Test]
    public async Task Canceling_ClosesTheRequestTheLauncherHasOpen()
    {
        using var server = new RawHttpServer(_ => null);
        using var client = new HttpClient(StartLauncher());
        using var cancel = new CancellationTokenSource();

        var sending = client.GetAsync($"http://127.0.0.1:{server.Port}/v1/entities", cancel.Token);
        while (server.Requests.Count == 0)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();

        await Failure<TaskCanceledException>(() => sending);
        Assert.That(await Task.WhenAny(server.HeldConnectionClosed.Task, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(server.HeldConnectionClosed.Task),
            "the launcher dropped the request to the server");
    }

    [Test]
    public async Task ARequestWithoutTheKey_IsRefused()
    {
        using var server = new RawHttpServer(_ => "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var launcher = StartLauncher();
        using var client = new HttpClient(new LauncherTransport(launcher.Endpoint, "not-the-key"));

        var failure = await Failure<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{server.Port}/"));

        Assert.That(failure.Message, Does.Contain("closed the connection before it answered"));
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public async Task HttpProxy_GetsTheWholeUrl_AndTheProxysCredentials()
    {
        using var proxy = new RawHttpServer(_ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        using var client = new HttpClient(StartLauncher(("HTTP_PROXY", $"http://ci%40corp:p%3Ass@127.0.0.1:{proxy.Port}"), ("NO_PROXY", "internal.example")));

        using var response = await client.GetAsync("http://port.example/v1/blueprints");

        var sent = proxy.Requests.Single();
        Assert.That(sent, Does.StartWith("GET http://port.example/v1/blueprints HTTP/1.1\r\n"));
        Assert.That(sent, Does.Contain($"Proxy-Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("ci@corp:p:ss"))}\r\n"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task HttpsProxy_IsAskedToConnect_AndItsRefusalIsAProxyError()
    {
        using var proxy = new RawHttpServer(_ => "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
        using var client = new HttpClient(StartLauncher(("HTTPS_PROXY", $"127.0.0.1:{proxy.Port}")));

        var failure = await Failure<HttpRequestException>(() => client.GetAsync("https://api.getport.example/v1/blueprints"));

        Assert.That(proxy.Requests.Single(), Does.StartWith("CONNECT api.getport.example:443 HTTP/1.1\r\n"));
        Assert.That(failure.HttpRequestError, Is.EqualTo(HttpRequestError.ProxyTunnelError));
        Assert.That(failure.Message, Does.Contain("answered 407 Proxy Authentication Required to CONNECT api.getport.example:443"));
    }

    [Test]
    public async Task NoProxy_AndLoopback_GoDirectly()
    {
        using var proxy = new RawHttpServer(_ => "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        using var server = new RawHttpServer(_ => "HTTP/1.1 204 No Content\r\n\r\n");
        using var client = new HttpClient(StartLauncher(("http_proxy", $"http://127.0.0.1:{proxy.Port}"), ("no_proxy", ".invalid")));

        using var direct = await client.GetAsync($"http://127.0.0.1:{server.Port}/");
        var unresolved = await Failure<HttpRequestException>(() => client.GetAsync("http://port.invalid/"));

        Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(unresolved.HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError), unresolved.Message);
        Assert.That(proxy.Requests, Is.Empty);
    }

    [Test]
    public async Task TheAgentsProxy_WithItsSecretPassword_ComesBeforeTheEnvironments_AndItsBypassListIsHonoured()
    {
        using var agentProxy = new RawHttpServer(_ => "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        using var otherProxy = new RawHttpServer(_ => "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        using var client = new HttpClient(StartLauncher(
            ("AGENT_PROXYURL", $"http://127.0.0.1:{agentProxy.Port}"), ("AGENT_PROXYUSERNAME", "agent"), ("SECRET_AGENT_PROXYPASSWORD", "s3cret"),
            ("AGENT_PROXYBYPASSLIST", "[\"internal\\\\.example\"]"), ("HTTP_PROXY", $"http://127.0.0.1:{otherProxy.Port}")));

        using var proxied = await client.GetAsync("http://port.example/v1/blueprints");
        var bypassed = await Failure<HttpRequestException>(() => client.GetAsync("http://port.internal.example/"));

        Assert.That(proxied.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(agentProxy.Requests.Single(), Does.StartWith("GET http://port.example/v1/blueprints HTTP/1.1\r\n")
            .And.Contain($"Proxy-Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("agent:s3cret"))}\r\n"));
        Assert.That(bypassed.HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError), "sent directly, so its name was looked up");
        Assert.That(otherProxy.Requests, Is.Empty);
    }

    [Test]
    public async Task ALineThatIsNotARequest_OrAHeaderNodeRefuses_FailsThatRequestOnly()
    {
        using var server = new RawHttpServer(_ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        var launcher = StartLauncher();
        using (var stranger = new TcpClient())
        {
            await stranger.ConnectAsync(launcher.Endpoint);
            await stranger.GetStream().WriteAsync("null\n"u8.ToArray());
            Assert.That(await stranger.GetStream().ReadAsync(new byte[16]), Is.Zero, "refused: the connection closes");
        }

        using var client = new HttpClient(launcher);
        using var odd = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{server.Port}/");
        odd.Headers.TryAddWithoutValidation("X-City", "Zürich ✓");
        var refused = await Failure<HttpRequestException>(() => client.SendAsync(odd));
        using var after = await client.GetAsync($"http://127.0.0.1:{server.Port}/");

        Assert.That(refused.Message, Does.Contain("X-City"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the launcher lives on");
    }

    [Test]
    public async Task AProxyUrlThatDoesNotParse_IsNamed_AndItsPasswordNeverShown()
    {
        using var client = new HttpClient(StartLauncher(("HTTPS_PROXY", "http://alice:s3cr#t@proxy.corp.example:8080")));

        var failure = await Failure<HttpRequestException>(() => client.GetAsync("https://api.getport.example/v1/blueprints"));

        Assert.That(failure.Message, Does.Contain("The proxy in HTTPS_PROXY is not a valid URL").And.Not.Contain("s3cr"));
        Assert.That(failure.HttpRequestError, Is.EqualTo(HttpRequestError.ProxyTunnelError), "nothing was sent");
    }

    [Test]
    public async Task AProxyThatRefuses_MeansTheRequestNeverLeft()
    {
        using var client = new HttpClient(StartLauncher(("HTTPS_PROXY", "http://127.0.0.1:1")));

        var failure = await Failure<HttpRequestException>(() => client.GetAsync("https://api.getport.example/v1/blueprints"));

        Assert.That((failure.InnerException as SocketException)?.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused), failure.Message);
        Assert.That(failure.Message, Does.StartWith("The proxy 127.0.0.1:1 could not be reached: connect ECONNREFUSED"));
    }

    [Test]
    public async Task TheAgentsBypassList_TakesDotNetsCaseInsensitiveMark_AndSkipsWhatJavaScriptCannotRead()
    {
        using var agentProxy = new RawHttpServer(_ => "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        using var client = new HttpClient(StartLauncher(("AGENT_PROXYURL", $"http://127.0.0.1:{agentProxy.Port}"),
            ("AGENT_PROXYBYPASSLIST", "[\"(?i)PORT\\\\.INTERNAL\", \"(?<=unclosed\"]")));

        var bypassed = await Failure<HttpRequestException>(() => client.GetAsync("http://port.internal.invalid/"));
        using var proxied = await client.GetAsync("http://port.example/");

        Assert.That(bypassed.HttpRequestError, Is.EqualTo(HttpRequestError.NameResolutionError), bypassed.Message);
        Assert.That(agentProxy.Requests.Single(), Does.StartWith("GET http://port.example/ HTTP/1.1\r\n").And.Contain("Host: port.example\r\n"));
    }

    [Test]
    public void FromEnvironment_RefusesAnAddressThatIsNotLoopback()
    {
        Environment.SetEnvironmentVariable(LauncherTransport.Variable, "10.0.0.8:4000");
        try
        {
            var failure = Assert.Throws<InvalidOperationException>(() => LauncherTransport.FromEnvironment())!;
            Assert.That(failure.Message, Does.Contain("PORT_TASK_TRANSPORT is '10.0.0.8:4000', which is not a loopback address and port such as 127.0.0.1:40123"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(LauncherTransport.Variable, null);
        }
    }

    private static async Task<T> Failure<T>(Func<Task> action)
        where T : Exception
    {
        try
        {
            await action();
        }
        catch (T expected)
        {
            return expected;
        }

        throw new AssertionException($"expected {typeof(T).Name}, and nothing was thrown");
    }

    /// <summary>Starts the launcher's transport under Node with the given environment (no proxy unless given).</summary>
    private LauncherTransport StartLauncher(params (string Name, string Value)[] environment)
    {
        var script = Path.Combine(RepositoryRoot(), "build", "launcher-transport.js").Replace("\\", "/", StringComparison.Ordinal);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add($"require('{script}').start((e, l) => {{ if (e) throw e; console.log(l.address + ' ' + l.key); }});");
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "AGENT_PROXYURL", "AGENT_PROXYBYPASSLIST" })
        {
            start.Environment.Remove(name);
            start.Environment.Remove(name.ToLowerInvariant());
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        _launchers.Add(process);
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"the launcher did not start: {process.StandardError.ReadToEnd()}");
        var parts = line.Split(' ');
        return new LauncherTransport(IPEndPoint.Parse(parts[0]), parts[1]);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PortAzureTasks.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PortAzureTasks.sln was not found above the test's folder.");
    }
}
