using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Port.Emulator.Middleware;

/// <summary>Reads a request body once, enforcing Port's 1 MiB limit (413), and parses it as JSON (422 with line and column).</summary>
public static class RequestBody
{
    public const int MaxBytes = 1024 * 1024;
    private const string Key = "port.body";

    public static async Task<string?> BufferAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw TooLarge();
            }
        }

        var text = buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        context.Items[Key] = text;
        return text;
    }

    public static string? Text(HttpContext context) => context.Items[Key] as string;

    public static JsonObject Object(HttpContext context)
    {
        var text = Text(context);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw PortError.Invalid("The json provided does not match the route's schema: a JSON object body is required");
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw PortError.Invalid("The json provided does not match the route's schema: the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new PortError(400, "invalid_json", $"The body is not valid JSON ({JsonErrorPosition.Describe(text, ex)})");
        }
    }

    private static PortError TooLarge() => new(413, "request_too_large", "Request body is too large (limit is 1MiB)");
}
