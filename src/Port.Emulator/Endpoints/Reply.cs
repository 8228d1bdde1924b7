using System.Text.Json.Nodes;

namespace Port.Emulator.Endpoints;

/// <summary>Answers in Port's shape, and reads Port's query flags.</summary>
public static class Reply
{
    public static IResult Ok(JsonObject body, int status = 200)
    {
        body["ok"] = true;
        // "ok" first, as Port writes it.
        var ordered = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in body.Where(p => p.Key != "ok").ToList())
        {
            body.Remove(key);
            ordered[key] = value;
        }

        return Results.Text(ordered.ToJsonString(EmulatorJson.Options), "application/json", statusCode: status);
    }

    public static async Task WriteErrorAsync(HttpResponse response, PortError error)
    {
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        await response.WriteAsync(error.ToBody().ToJsonString(EmulatorJson.Options));
    }

    /// <summary>Who the bearer token belongs to (its client ID), for createdBy and updatedBy.</summary>
    public static string User(HttpContext context) => context.Items["port.user"] as string ?? "unknown";

    public static bool Flag(HttpRequest request, string name) =>
        string.Equals(request.Query[name].ToString(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A boolean filter: null when the query does not give it.</summary>
    public static bool? OptionalFlag(HttpRequest request, string name) => Text(request, name) is null ? null : Flag(request, name);

    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>Repeated keys (<c>include=a&amp;include=b</c>), also accepted as <c>include[]</c>.</summary>
    public static List<string> List(HttpRequest request, string name) =>
        request.Query[name].Concat(request.Query[name + "[]"]).OfType<string>().Where(v => v.Length > 0).ToList();

    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = Text(request, name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw PortError.Invalid($"\"{name}\" must be a whole number from {min} to {max}");
    }
}
