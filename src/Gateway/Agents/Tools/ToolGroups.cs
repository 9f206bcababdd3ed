namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>The catalogue's groups: the API features the tools act on.</summary>
public static class ToolGroups
{
    public const string Documents = "documents";
    public const string Workflows = "workflows";
    public const string Ai = "ai";

    public static IReadOnlyList<string> All { get; } = [Documents, Workflows, Ai];
}
