using System.Text.Json.Nodes;

namespace Port.Emulator.State;

/// <summary>Who made and last changed what Port stores, and when: creation kept from the version replaced.</summary>
public static class Authorship
{
    public static void Stamp(JsonObject item, JsonObject? replaced, string user, string now)
    {
        item["createdAt"] = replaced?["createdAt"]?.DeepClone() ?? now;
        item["createdBy"] = replaced?["createdBy"]?.DeepClone() ?? user;
        item["updatedAt"] = now;
        item["updatedBy"] = user;
    }
}
