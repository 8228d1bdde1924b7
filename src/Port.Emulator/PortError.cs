using System.Text.Json.Nodes;

namespace Port.Emulator;

/// <summary>An error Port answers with its <c>{ok:false, error, message}</c> body.</summary>
public sealed class PortError(int status, string error, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Error { get; } = error;

    public JsonObject ToBody() => new() { ["ok"] = false, ["error"] = Error, ["message"] = Message };

    public static PortError NotFound(string message) => new(404, "not_found", message);

    public static PortError Invalid(string message) => new(422, "invalid_request", message);

    public static PortError Unauthorized(string message) => new(401, "unauthorized", message);
}
