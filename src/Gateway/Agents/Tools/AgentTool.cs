using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// One tool of the catalogue: its name, group (the API feature it belongs to), the API scope a key needs for it, a
/// description for models, the JSON schema of its input, and what runs it. An <see cref="AdminOnly"/> tool is listed to
/// and run for administrators only.
/// </summary>
public sealed record AgentTool(string Name, string Group, string Scope, string Description, JsonObject Schema, Func<ToolCall, Task<ToolResult>> Run,
    bool AdminOnly = false)
{
    /// <summary>Whether <paramref name="user"/> may see and run this tool (its key scope is checked when it runs).</summary>
    public bool IsFor(ClaimsPrincipal user) => !AdminOnly || user.IsInRole(Roles.Admin);

    public JsonElement InputSchema { get; } = JsonSerializer.SerializeToElement(Schema);
}
