using System.Security.Claims;
using System.Text.Json;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>One invocation of a catalogue tool, as the authenticated <see cref="User"/> (their id, roles and key scopes).</summary>
public sealed record ToolCall(ClaimsPrincipal User, JsonElement Arguments, ToolActor Actor, CancellationToken CancellationToken);
