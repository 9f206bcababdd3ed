namespace PowerAutomation.Ai.Chat;

/// <summary>Answer ids in each vendor's style, kept when the provider gave one in the same style.</summary>
public static class ChatIds
{
    public static string OpenAi(string id) => id.StartsWith("chatcmpl-", StringComparison.Ordinal) ? id : "chatcmpl-" + Suffix(id);

    public static string Anthropic(string id) => id.StartsWith("msg_", StringComparison.Ordinal) ? id : "msg_" + Suffix(id);

    /// <summary>An OpenAI Responses id (<c>resp_…</c>).</summary>
    public static string OpenAiResponse(string id) => id.StartsWith("resp_", StringComparison.Ordinal) ? id : "resp_" + Suffix(id);

    /// <summary>A fresh id of one output item of a Responses answer: <c>msg_…</c> or <c>fc_…</c>.</summary>
    public static string OutputItem(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public static string ToolCall(int index) => $"call_{Guid.NewGuid():N}"[..24] + index;

    private static string Suffix(string id) => id.Length > 0 ? id.Replace(' ', '_') : Guid.NewGuid().ToString("N");
}
