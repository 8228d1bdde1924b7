using Port.Pipelines;

namespace Port.Ci;

/// <summary>
/// Port credentials on a command line: PORT_CLIENT_ID and PORT_CLIENT_SECRET from the environment (what every CI's
/// secret store provides), or --client-id with the secret from --client-secret-file or --client-secret-stdin. A secret
/// is never an argument. Missing credentials are bad usage, said before anything is sent.
/// </summary>
public static class Credentials
{
    /// <summary>The command's inputs, with the client secret among them when a flag gave it.</summary>
    /// <exception cref="UsageException">No credentials, or a secret file that cannot be read.</exception>
    public static Dictionary<string, string> Inputs(string command, CommandLine line, IEnvironment process, TextReader stdin)
    {
        var inputs = new Dictionary<string, string>(line.Inputs, StringComparer.Ordinal);
        if (line.ClientSecretFile is not null && line.ClientSecretStdin)
        {
            throw new UsageException($"port-ci {command}: give the client secret one way: {CommandLine.ClientSecretFileFlag} or {CommandLine.ClientSecretStdinFlag}, not both.");
        }

        var secret = line.ClientSecretFile is { } file ? ReadFile(command, file)
            : line.ClientSecretStdin ? stdin.ReadToEnd().Trim()
            : null;
        if (secret is not null)
        {
            if (secret.Length == 0)
            {
                throw new UsageException($"port-ci {command}: the client secret given by {(line.ClientSecretStdin ? CommandLine.ClientSecretStdinFlag : CommandLine.ClientSecretFileFlag)} is empty.");
            }

            inputs["clientSecret"] = secret;
            inputs.TryAdd("clientId", process.Get("PORT_CLIENT_ID") ?? "");
            if (inputs["clientId"].Length == 0)
            {
                throw new UsageException($"port-ci {command}: a client secret was given but no client ID: add --client-id ID or set PORT_CLIENT_ID.");
            }
        }
        else if (inputs.ContainsKey("clientId"))
        {
            inputs["clientSecret"] = process.Get("PORT_CLIENT_SECRET") ?? throw NoSecret(command);
        }
        else if (string.IsNullOrEmpty(process.Get("PORT_CLIENT_SECRET")) || string.IsNullOrEmpty(process.Get("PORT_CLIENT_ID")))
        {
            throw NoSecret(command);
        }

        return inputs;
    }

    private static UsageException NoSecret(string command) => new(
        $"port-ci {command}: no Port credentials. Set PORT_CLIENT_ID and PORT_CLIENT_SECRET (from your CI's secret store), " +
        $"or give --client-id ID with {CommandLine.ClientSecretFileFlag} PATH or {CommandLine.ClientSecretStdinFlag}. " +
        "Port's credentials are under Port > your avatar > Credentials.");

    private static string ReadFile(string command, string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"port-ci {command}: {CommandLine.ClientSecretFileFlag} names '{path}', which cannot be read ({ex.Message}).");
        }
    }
}
