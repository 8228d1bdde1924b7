using System.Text.Json.Nodes;
using Port.Client;

// Usage: ClientAot <baseUrl> <clientId> <clientSecret> <blueprint> <identifier>
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: ClientAot <baseUrl> <clientId> <clientSecret> <blueprint> <identifier>");
    return 2;
}

using var client = new PortClient(new PortClientOptions { BaseUrl = args[0], ClientId = args[1], ClientSecret = args[2], MaxRetries = 1 });
try
{
    await client.UpsertEntityAsync(args[3], new JsonObject { ["identifier"] = args[4] });
    var entity = await client.GetEntityAsync(args[3], args[4]);
    Console.WriteLine(entity.ToJsonString());
    return 0;
}
catch (PortApiException ex)
{
    Console.Error.WriteLine(ex.Describe());
    return 1;
}
