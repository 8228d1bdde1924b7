using Port.Client.Tests.Fakes;

namespace Port.Client.Tests;

/// <summary>Builds a client over a fake handler, with zero retry delays.</summary>
public abstract class ClientFixture
{
    protected const string ClientId = "test-client-id";
    protected const string ClientSecret = "test-client-secret-value";

    protected FakePortHandler Handler = null!;
    protected RecordingLog Log = null!;
    protected ManualClock Clock = null!;
    protected PortClient Client = null!;
    protected List<string> IssuedTokens = null!;

    [SetUp]
    public void CreateClient()
    {
        Handler = new FakePortHandler();
        Log = new RecordingLog();
        Clock = new ManualClock();
        IssuedTokens = [];
        Client = CreateClient(_ => { });
    }

    [TearDown]
    public void DisposeClient()
    {
        Client.Dispose();
        Handler.Dispose();
    }

    protected PortClient CreateClient(Action<PortClientOptions> configure)
    {
        var options = new PortClientOptions
        {
            BaseUrl = "https://api.getport.io",
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            BaseDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.Zero,
            MaxRetries = 3,
            Log = Log,
            TimeProvider = Clock,
            OnAccessToken = IssuedTokens.Add,
        };
        configure(options);
        return new PortClient(options, Handler);
    }

    protected const string EntityJson = """{"ok":true,"entity":{"identifier":"svc","blueprint":"microservice","properties":{"version":"1.2.3"}}}""";
}
