using System.Globalization;
using Port.Emulator;

// dotnet run --project src/Port.Emulator -- [--urls http://127.0.0.1:5123] [--seed seed.json] [--state state.json]
//   [--token-lifetime SECONDS] [--rate-limit N] [--rate-limit-period SECONDS] [--error-rate 0..1] [--error-status 503]
//   [--drop-rate 0..1] [--latency MS] [--ready-file PATH] [--extension vss-extension.json]...
var options = new EmulatorOptions();
var url = "http://127.0.0.1:5123";
string? readyFile = null;
var extensions = new List<string>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--urls": url = Value(); break;
            case "--seed": options.SeedPath = Value(); break;
            case "--state": options.StatePath = Value(); break;
            case "--token-lifetime": options.TokenLifetime = TimeSpan.FromSeconds(Number()); break;
            case "--rate-limit": options.Faults.RateLimit = (int)Number(); break;
            case "--rate-limit-period": options.Faults.RateLimitPeriodSeconds = (int)Number(); break;
            case "--error-rate": options.Faults.ErrorRate = Number(); break;
            case "--error-status": options.Faults.ErrorStatus = (int)Number(); break;
            case "--drop-rate": options.Faults.DropRate = Number(); break;
            case "--latency": options.Faults.LatencyMs = (int)Number(); break;
            case "--ready-file": readyFile = Value(); break;
            case "--extension": extensions.Add(Value()); break; // its service endpoint types, for the endpoint proxy
            default: throw new ArgumentException($"Unknown option {args[i]}");
        }
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"port-emulator: {ex.Message}");
    return 2;
}

PortEmulator emulator;
try
{
    emulator = await PortEmulator.StartAsync(options, url);
}
catch (IOException ex)
{
    Console.Error.WriteLine($"port-emulator: cannot listen on {url}: {ex.Message} Pass another --urls, e.g. http://127.0.0.1:0 for a free port.");
    return 1;
}
catch (InvalidDataException ex)
{
    Console.Error.WriteLine($"port-emulator: {ex.Message}");
    return 1;
}

await using var running = emulator;
try
{
    extensions.ForEach(emulator.EndpointProxy.AddExtension);
}
catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"port-emulator: --extension: {ex.Message}");
    return 1;
}

var (clientId, clientSecret) = emulator.DemoCredentials;
Console.WriteLine($"Port emulator listening on {emulator.BaseUrl}");
Console.WriteLine($"  demo client ID:     {clientId}");
Console.WriteLine($"  demo client secret: {clientSecret}");
Console.WriteLine($"  admin: {emulator.BaseUrl}/_emulator/requests, /_emulator/faults, /_emulator/state");
if (readyFile is not null)
{
    File.WriteAllText(readyFile, emulator.BaseUrl);
}

await running.WaitForShutdownAsync(); // Ctrl-C or SIGTERM
return 0;
