namespace Port.Client.Http;

/// <summary>
/// One Port route the client calls, declared once in <see cref="PortRoutes"/>: its method, its path below the API root
/// (parameters in braces: <c>v1/blueprints/{blueprint}/entities</c>), whether a request on it may be repeated, and
/// what Port's error answers on it are about.
/// </summary>
internal sealed record PortRoute(HttpMethod Method, string Template, PortRepeat Repeat)
{
    /// <summary>The names of the template's parameters, in order.</summary>
    public IReadOnlyList<string> Parameters { get; } = Template.Split('/').Where(IsParameter).Select(p => p[1..^1]).ToList();

    /// <summary>False only for the token route, which is how a token is had.</summary>
    public bool Authenticated { get; init; } = true;

    /// <summary>What a 404 on this route is about.</summary>
    public ErrorMeaning NotFound { get; init; } = PortErrorSubject.Other;

    /// <summary>What a refusal of what was sent (400, 409, 413, 422) on this route is about.</summary>
    public ErrorMeaning Refused { get; init; } = PortErrorSubject.Other;

    /// <summary>What any other error status (5xx, …) on this route is about, once 401, 403 and 429 are told apart.</summary>
    public PortErrorSubject OtherStatus { get; init; } = PortErrorSubject.Other;

    /// <summary>The path with <paramref name="segments"/> in place of the parameters, in order, each escaped.</summary>
    public string PathWith(params ReadOnlySpan<string> segments)
    {
        if (segments.Length != Parameters.Count)
        {
            throw new ArgumentException($"{this} takes {Parameters.Count} path segment(s) ({string.Join(", ", Parameters)}), not {segments.Length}.", nameof(segments));
        }

        var parts = Template.Split('/');
        var next = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (IsParameter(parts[i]))
            {
                parts[i] = Segment(segments[next++]);
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>"GET /v1/actions/runs/{runId}", for messages and test names.</summary>
    public override string ToString() => $"{Method} /{Template}";

    private static bool IsParameter(string part) => part.StartsWith('{') && part.EndsWith('}');

    /// <summary>Escapes one path segment: "a/b c" becomes "a%2Fb%20c", so an identifier can never change the route.</summary>
    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        // "." and ".." survive escaping and the URI would collapse them into another route; Port forbids them too.
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' cannot be a Port identifier: Port's pattern excludes '.' and '..'.", nameof(value));
        }

        return Uri.EscapeDataString(value);
    }
}
