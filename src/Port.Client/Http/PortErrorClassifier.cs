using System.Net;

namespace Port.Client.Http;

/// <summary>
/// Says what a Port error is about: 401, 403 and 429 mean the same on every route; the rest means what the request's
/// route declares (<see cref="PortRoute.NotFound"/>, <see cref="PortRoute.Refused"/>, <see cref="PortRoute.OtherStatus"/>).
/// </summary>
internal static class PortErrorClassifier
{
    public static PortErrorSubject Classify(HttpStatusCode? status, string? error, string message, PortRequest request)
    {
        var route = request.Route;
        var answer = new PortErrorAnswer(error, message, request);
        return status switch
        {
            null => PortErrorSubject.Other,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => PortErrorSubject.Auth,
            HttpStatusCode.TooManyRequests => PortErrorSubject.RateLimit,
            HttpStatusCode.NotFound => route.NotFound.Of(answer),
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge
                => route.Refused.Of(answer),
            _ => route.OtherStatus,
        };
    }
}
