namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// The scopes an API key may be limited to (docs/api-extensions.md, "Scoped API keys"). A key made without scopes
/// is full-access, as every key made before scopes was.
/// </summary>
public static class ApiScopes
{
    /// <summary>The OpenAI- and Anthropic-compatible surface under <c>/v1</c>.</summary>
    public const string Ai = "ai";

    /// <summary>Reading projects, documents, their history and search; joining a live session.</summary>
    public const string DocumentsRead = "documents:read";

    /// <summary>Creating, editing, renaming and deleting projects and documents; includes <see cref="DocumentsRead"/>.</summary>
    public const string DocumentsWrite = "documents:write";

    /// <summary>Workflow definitions and their runs.</summary>
    public const string Workflows = "workflows";

    public static IReadOnlyList<string> All { get; } = [Ai, DocumentsRead, DocumentsWrite, Workflows];

    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Whether a key holding <paramref name="held"/> may do what needs <paramref name="needed"/>.</summary>
    public static bool Covers(IEnumerable<string> held, string needed) =>
        held.Any(scope => scope == needed || (scope == DocumentsWrite && needed == DocumentsRead));
}
