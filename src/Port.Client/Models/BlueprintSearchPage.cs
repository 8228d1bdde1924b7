using System.Text.Json.Nodes;

namespace Port.Client.Models;

/// <summary>One page of <c>POST /v1/blueprints/{bp}/entities/search</c>; pass <see cref="Next"/> back as <c>from</c>.</summary>
public sealed record BlueprintSearchPage(IReadOnlyList<JsonObject> Entities, string? Next);
