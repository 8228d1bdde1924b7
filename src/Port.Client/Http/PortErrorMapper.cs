using System.Net;
using System.Text.Json;

namespace Port.Client.Http;

/// <summary>Turns Port's <c>{ok:false, error, message}</c> answers into the exception family, in one table.</summary>
internal static class PortErrorMapper
{
    public static PortApiException FromResponse(HttpStatusCode status, string body, PortRequest request)
    {
        var parsed = TryParse(body);
        var error = parsed?.Error;
        var message = !string.IsNullOrWhiteSpace(parsed?.Message) ? parsed!.Message! : DefaultMessage(status, body);
        var method = request.Method.Method;
        var path = request.Path;

        var subject = PortErrorClassifier.Classify(status, error, message, request);
        return status switch
        {
            HttpStatusCode.NotFound => new PortNotFoundException(error, message, method, path) { Subject = subject },
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new PortAuthenticationException(status, error, message, method, path) { Subject = subject },
            _ => new PortApiException(status, error, message, method, path) { Subject = subject },
        };
    }

    private static PortErrorBody? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, PortJsonContext.Default.PortErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DefaultMessage(HttpStatusCode status, string body) => status switch
    {
        HttpStatusCode.Unauthorized => "Port refused the credentials or the access token. Check the client ID and secret (Port > Credentials).",
        HttpStatusCode.Forbidden => "These credentials may not do this in Port.",
        HttpStatusCode.RequestEntityTooLarge => "The request body is too large (Port's limit is 1 MiB).",
        HttpStatusCode.TooManyRequests => "Port's rate limit was reached and the retries ran out.",
        _ when body.Length is > 0 and <= 300 && !body.TrimStart().StartsWith('<') => body.Trim(),
        _ => $"Port answered {(int)status} {status}.",
    };
}
