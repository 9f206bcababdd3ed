namespace PowerAutomation.Ai.Chat;

/// <summary>Answer ids in each vendor's style, kept when the provider gave one in the same style.</summary>
public static class ChatIds
{
    public static string OpenAi(string id) => id.StartsWith("chatcmpl-", StringComparison.Ordinal) ? id : "chatcmpl-" + Suffix(id);

    public static string Anthropic(string id) => id.StartsWith("msg_", StringComparison.Ordinal) ? id : "msg_" + Suffix(id);

    public static string ToolCall(int index) => $"call_{Guid.NewGuid():N}"[..24] + index;

    private static string Suffix(string id) => id.Length > 0 ? id.Replace(' ', '_') : Guid.NewGuid().ToString("N");
}
