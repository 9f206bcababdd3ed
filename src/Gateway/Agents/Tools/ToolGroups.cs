namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>
/// The catalogue's groups, named as the seed's MCP components: <c>codeflow</c> (documents, edits, search),
/// <c>operations</c> (runs; for administrators, cluster and provider health), <c>test</c> (start a workflow to check its result), and <c>ai</c> (model calls, which
/// agents already are, so the agent loop leaves them out). MCP clients see a tool's group in its <c>_meta</c>.
/// </summary>
public static class ToolGroups
{
    public const string Codeflow = "codeflow";
    public const string Operations = "operations";
    public const string Test = "test";
    public const string Ai = "ai";

    /// <summary>The key of a tool's group in its MCP <c>_meta</c>.</summary>
    public const string MetaKey = "powerautomation/group";

    public static IReadOnlyList<string> All { get; } = [Codeflow, Operations, Test, Ai];
}
