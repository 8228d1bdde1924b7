using System.Text.Json;
using System.Text.Json.Nodes;
using Port.Emulator.Middleware;
using Port.Emulator.State;

namespace Port.Emulator.Endpoints;

/// <summary><c>POST /v1/auth/access_token</c>.</summary>
public static class AuthEndpoints
{
    public const string TokenPath = "/v1/auth/access_token";

    public static void Map(WebApplication app, TokenStore tokens)
    {
        app.MapPost(TokenPath, (HttpContext context) =>
        {
            var body = RequestBody.Object(context);
            if (body.Select(p => p.Key).FirstOrDefault(k => k is not ("clientId" or "clientSecret")) is { } extra)
            {
                throw PortError.Invalid($"The json provided does not match the route's schema: \"{extra}\" is not allowed");
            }

            if (!IsString(body["clientId"]) || !IsString(body["clientSecret"]))
            {
                throw PortError.Invalid("The json provided does not match the route's schema: \"clientId\" and \"clientSecret\" are required strings");
            }

            var (token, expiresIn) = tokens.Issue((string)body["clientId"]!, (string)body["clientSecret"]!);
            return Reply.Ok(new JsonObject { ["accessToken"] = token, ["expiresIn"] = expiresIn, ["tokenType"] = "Bearer" });
        });
    }

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
}
