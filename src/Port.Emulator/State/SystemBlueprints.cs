using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>
/// Port's own <c>_user</c> and <c>_team</c> blueprints, which every Port organization has: an entity's <c>team</c>
/// names <c>_team</c> entities, and blueprints may relate to users and teams. They are added to any seed or saved
/// state that lacks them, and cannot be deleted.
/// </summary>
public static class SystemBlueprints
{
    public const string User = "_user";

    public const string Team = "_team";

    public static bool Contains(string blueprintId) => blueprintId is User or Team;

    /// <summary>Adds the system blueprints the state does not hold yet.</summary>
    public static void AddMissing(PortState state)
    {
        foreach (var blueprint in Definitions())
        {
            state.Blueprints.TryAdd((string)blueprint["identifier"]!, blueprint);
        }
    }

    private static IEnumerable<JsonObject> Definitions() =>
    [
        new JsonObject
        {
            ["identifier"] = User,
            ["title"] = "User",
            ["icon"] = "User",
            ["schema"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["status"] = Enumeration("Status", "Active", "Invited", "Disabled"),
                    ["port_role"] = Enumeration("Port role", "Admin", "Member", "Moderator"),
                },
                ["required"] = new JsonArray(),
            },
            ["relations"] = new JsonObject(),
        },
        new JsonObject
        {
            ["identifier"] = Team,
            ["title"] = "Team",
            ["icon"] = "Team",
            ["schema"] = new JsonObject
            {
                ["properties"] = new JsonObject { ["description"] = new JsonObject { ["type"] = "string", ["title"] = "Description" } },
                ["required"] = new JsonArray(),
            },
            ["relations"] = new JsonObject(),
        },
    ];

    private static JsonObject Enumeration(string title, params string[] values) =>
        new() { ["type"] = "string", ["title"] = title, ["enum"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray()) };
}
