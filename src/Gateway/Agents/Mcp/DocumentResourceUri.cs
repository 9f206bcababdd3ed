using System.Diagnostics.CodeAnalysis;

namespace PowerAutomation.Gateway.Agents.Mcp;

/// <summary>Documents as MCP resources: <c>pa://documents/{documentId}</c>.</summary>
public static class DocumentResourceUri
{
    public const string Prefix = "pa://documents/";
    public const string Template = Prefix + "{documentId}";

    public static string For(Guid documentId) => Prefix + documentId.ToString("D");

    public static bool TryParse(string? uri, [NotNullWhen(true)] out Guid? documentId)
    {
        documentId = uri is not null && uri.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParse(uri.AsSpan(Prefix.Length), out var id) ? id : null;
        return documentId is not null;
    }
}
