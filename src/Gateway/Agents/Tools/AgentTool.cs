using System.Text.Json;
using System.Text.Json.Nodes;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// One tool of the catalogue: its name, group (the API feature it belongs to), the API scope a key needs for it, a
/// description for models, the JSON schema of its input, and what runs it.
/// </summary>
public sealed record AgentTool(string Name, string Group, string Scope, string Description, JsonObject Schema, Func<ToolCall, Task<ToolResult>> Run)
{
    public JsonElement InputSchema { get; } = JsonSerializer.SerializeToElement(Schema);
}
