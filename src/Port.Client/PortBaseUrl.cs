namespace Port.Client;

/// <summary>Port's regional API URLs and the normalisation of a user-given base URL.</summary>
public static class PortBaseUrl
{
    public const string Default = "https://api.getport.io";

    /// <summary>The API hosts Port documents: EU and US, under both domain families.</summary>
    public static readonly IReadOnlyList<string> KnownRegions =
    [
        "https://api.getport.io",
        "https://api.us.getport.io",
        "https://api.port.io",
        "https://api.us.port.io",
    ];

    /// <summary>
    /// Turns "https://api.getport.io", ".../", ".../v1" or ".../v1/" into "https://api.getport.io/" (the routes add "v1/").
    /// </summary>
    /// <exception cref="ArgumentException">The value is not an absolute http(s) URL.</exception>
    public static Uri Normalize(string baseUrl)
    {
        var trimmed = (baseUrl ?? "").Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{trimmed}' is not an absolute http(s) URL such as {Default}.", nameof(baseUrl));
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path + "/").Uri;
    }
}
