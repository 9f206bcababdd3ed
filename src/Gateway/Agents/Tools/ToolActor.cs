namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// Who runs a tool besides the user: the client's own name for itself (an MCP client's, or <c>agent</c>), the agent
/// run the call belongs to, the model that asked for it, and the request id AI usage rows carry.
/// </summary>
public sealed record ToolActor(string Agent, Guid? RunId, string? Model, string RequestId)
{
    public const string DefaultAgent = "agent";
    public const int MaxAgentNameLength = 100;

    /// <summary>A client's self-reported name, cut to a sane length and stripped of control characters; <c>agent</c> when it gave none.</summary>
    public static string AgentName(string? clientName)
    {
        var name = new string((clientName ?? "").Where(c => !char.IsControl(c)).Take(MaxAgentNameLength).ToArray()).Trim();
        return name.Length == 0 ? DefaultAgent : name;
    }
}
