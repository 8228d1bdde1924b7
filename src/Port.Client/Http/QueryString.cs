using System.Text;

namespace Port.Client.Http;

/// <summary>Builds a query string; arrays become repeated keys (<c>include=a&amp;include=b</c>), as Port expects.</summary>
internal sealed class QueryString
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public QueryString Add(string key, string? value)
    {
        if (value is not null)
        {
            _pairs.Add(new(key, value));
        }

        return this;
    }

    public QueryString Add(string key, bool value) => Add(key, value ? "true" : "false");

    /// <summary>Adds the flag only when it is true, so defaults stay Port's.</summary>
    public QueryString AddIfTrue(string key, bool value) => value ? Add(key, true) : this;

    public QueryString AddEach(string key, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(key, value);
        }

        return this;
    }

    public override string ToString()
    {
        if (_pairs.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder("?");
        foreach (var (key, value) in _pairs)
        {
            if (builder.Length > 1)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
