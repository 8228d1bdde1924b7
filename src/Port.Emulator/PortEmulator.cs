using System.Text.Json.Nodes;
using Port.Emulator.AzureDevOps;
using Port.Emulator.Endpoints;
using Port.Emulator.Middleware;
using Port.Emulator.State;

namespace Port.Emulator;

/// <summary>
/// The local Port emulator: a real ASP.NET Core server on loopback that keeps Port's API contract.
/// Start it in a test with <see cref="StartAsync"/>, or from the command line (see Program.cs).
/// </summary>
public sealed class PortEmulator : IAsyncDisposable
{
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _clock;
    private WebApplication? _app;
    private FaultInjector _faults;

    private PortEmulator(EmulatorOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        State = LoadInitialState(options);
        Tokens = new TokenStore(State, clock, () => _options.TokenLifetime);
        Runs = new RunService(State, clock);
        Entities = new EntityService(State, Runs, clock);
        Blueprints = new BlueprintService(State, clock);
        Actions = new ActionService(State, clock);
        _faults = new FaultInjector(options.Faults, options.RandomSeed, clock);
    }

    public PortState State { get; }

    public TokenStore Tokens { get; }

    public RunService Runs { get; }

    /// <summary>The Azure DevOps stand-in, served at <see cref="AzureDevOpsCollectionUri"/>.</summary>
    public AzureDevOpsFake AzureDevOps { get; } = new();

    /// <summary>The stand-in's <c>serviceendpoint/endpointproxy</c>: Verify and the pickers of the extensions registered with it.</summary>
    public ServiceEndpointProxy EndpointProxy { get; } = new();

    /// <summary>A collection URI on the Azure DevOps stand-in, as System.CollectionUri gives one.</summary>
    public string AzureDevOpsCollectionUri(string organization = "fabrikam") => $"{BaseUrl}{AzureDevOpsEndpoints.Prefix}/{organization}/";

    public EntityService Entities { get; }

    public BlueprintService Blueprints { get; }

    public ActionService Actions { get; }

    public RequestJournal Journal { get; } = new();

    public FaultSettings Faults => _faults.Settings;

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:51234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The first seeded credential pair.</summary>
    public (string ClientId, string ClientSecret) DemoCredentials => State.Credentials.FirstOrDefault();

    /// <param name="url">Defaults to a free port on 127.0.0.1.</param>
    public static async Task<PortEmulator> StartAsync(EmulatorOptions? options = null, string url = "http://127.0.0.1:0", TimeProvider? clock = null)
    {
        var emulator = new PortEmulator(options ?? new EmulatorOptions(), clock ?? TimeProvider.System);
        await emulator.RunAsync(url);
        return emulator;
    }

    public void SetFaults(FaultSettings settings) => _faults = new FaultInjector(settings, _options.RandomSeed, _clock);

    /// <summary>Writes the whole state to <paramref name="path"/> (default: the state path of the options).</summary>
    public string SaveState(string? path = null)
    {
        path ??= _options.StatePath ?? throw PortError.Invalid("No state path was given");
        File.WriteAllText(path, State.ToJson().ToJsonString(EmulatorJson.Indented));
        return path;
    }

    public void LoadState(string path) => Replace(PortState.FromJson(ReadObject(path)));

    /// <summary>Back to the seed, as at start.</summary>
    public void Reset()
    {
        Replace(PortState.FromJson(ReadObject(SeedPath(_options))));
        AzureDevOps.Reset();
    }

    private void Replace(PortState state)
    {
        lock (State.Gate)
        {
            State.Credentials.Clear();
            State.Credentials.AddRange(state.Credentials);
            Reload(State.Blueprints, state.Blueprints);
            Reload(State.Entities, state.Entities);
            Reload(State.Actions, state.Actions);
            Reload(State.Runs, state.Runs);
            Reload(State.RunLogs, state.RunLogs);
            State.Audit.Load(state.Audit.ToJson().OfType<JsonObject>());
        }
    }

    private static void Reload<TValue>(Dictionary<string, TValue> target, Dictionary<string, TValue> source)
    {
        target.Clear();
        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }

    private async Task RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null); // the 1 MiB check answers Port's 413 itself
        _app = builder.Build();
        _app.Use(HandleApiRequestAsync);
        AuthEndpoints.Map(_app, Tokens);
        EntityEndpoints.Map(_app, Entities);
        BlueprintEndpoints.Map(_app, Blueprints);
        ActionEndpoints.Map(_app, Actions);
        AuditLogEndpoints.Map(_app, State.Audit);
        RunEndpoints.Map(_app, Runs);
        AdminEndpoints.Map(_app, this);
        AzureDevOpsEndpoints.Map(_app, AzureDevOps);
        ServiceEndpointProxy.Map(_app, EndpointProxy);
        // Any other /v1 route: Port's 404 body, not an empty answer.
        _app.MapFallback("/v1/{**rest}", new RequestDelegate(context =>
            throw new PortError(404, "not_found", $"No route {context.Request.Method} {context.Request.Path}")));
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
    }

    /// <summary>For every /v1 request: body limit, journal, faults, bearer auth, and Port's error body.</summary>
    private async Task HandleApiRequestAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next();
            return;
        }

        var received = Journal.Now;
        double? answered = null;
        string? body = null;
        var dropAfter = false;
        var recorded = false;
        void RecordOnce(int status)
        {
            if (!recorded)
            {
                recorded = true;
                Record(context, body, status, received, answered);
            }
        }

        context.Response.OnStarting(() =>
        {
            answered = Journal.Now; // before the client can have it: the journal never shows requests overlapping more than they did
            if (!dropAfter)
            {
                RecordOnce(context.Response.StatusCode); // before the answer leaves: a client that has it finds the request journaled
            }

            return Task.CompletedTask;
        });
        try
        {
            body = await RequestBody.BufferAsync(context);
            var fault = await _faults.DecideAsync(context);
            if (fault.DelayMs > 0)
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted);
            }

            if (fault.Status >= 0 && !fault.AfterProcessing)
            {
                recorded = true; // InjectAsync journals the fault itself, before it answers
                await InjectAsync(context, fault, body, received);
                return;
            }

            dropAfter = fault.AfterProcessing;
            if (context.Request.Path != AuthEndpoints.TokenPath)
            {
                context.Items["port.user"] = Tokens.Authenticate(context.Request.Headers.Authorization.ToString());
            }

            if (dropAfter)
            {
                context.Response.Body = Stream.Null; // the effect happens; the answer is lost
            }

            await next();
        }
        catch (PortError error)
        {
            await Reply.WriteErrorAsync(context.Response, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout, or it was cancelled): journal it as nginx does, 499, acted on or not.
            RecordOnce(499);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"port-emulator: internal error on {context.Request.Method} {context.Request.Path}: {ex}");
            await Reply.WriteErrorAsync(context.Response, new PortError(500, "internal_error", ex.Message));
        }

        RecordOnce(dropAfter ? 0 : context.Response.StatusCode);

        if (dropAfter)
        {
            context.Abort();
        }
    }

    /// <param name="answeredMs">When the answer started, if it did; else now (an injected fault records before it answers).</param>
    private void Record(HttpContext context, string? body, int status, double receivedMs, double? answeredMs = null) =>
        Journal.Add(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", body, status, receivedMs, answeredMs ?? Journal.Now);

    private async Task InjectAsync(HttpContext context, FaultDecision fault, string? body, double receivedMs)
    {
        Record(context, body, fault.Status, receivedMs);
        if (fault.Status == 0)
        {
            context.Abort();
            return;
        }

        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var error = fault.Status == 429
            ? new PortError(429, "rate_limit_exceeded", "Too many requests; slow down and retry after the time in Retry-After")
            : new PortError(fault.Status, "emulated_fault", $"Emulated fault: Port answered {fault.Status}");
        await Reply.WriteErrorAsync(context.Response, error);
    }

    private static PortState LoadInitialState(EmulatorOptions options) =>
        options.StatePath is { } statePath && File.Exists(statePath)
            ? PortState.FromJson(ReadObject(statePath))
            : PortState.FromJson(ReadObject(SeedPath(options)));

    private static string SeedPath(EmulatorOptions options) => options.SeedPath ?? Path.Combine(AppContext.BaseDirectory, "seed.json");

    private static JsonObject ReadObject(string path)
    {
        var text = "";
        try
        {
            text = File.ReadAllText(path);
            return JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"{path} does not hold a JSON object");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({JsonErrorPosition.Describe(text, ex)}): {JsonErrorPosition.Reason(ex)}", ex);
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app?.WaitForShutdownAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            if (_options.StatePath is not null)
            {
                SaveState();
            }

            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
