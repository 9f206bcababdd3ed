using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Gateway.Documents.AiEdits;

/// <summary>
/// The request an AI edit sends (the instruction, the selection and some text around it for context) and how the
/// model's answer becomes replacement text: the answer is the new selection, a surrounding code fence removed.
/// </summary>
public static class AiEditPrompt
{
    /// <summary>Units of text on each side of the selection shown for context.</summary>
    public const int ContextLength = 4000;

    private const string System = """
        You edit one part of a file in a code editor. You get the file's path, an instruction, the text to rewrite
        between <selection> and </selection>, and some text before and after it for context. Answer with the
        rewritten selection only: no explanation, no code fences, nothing from the context around it.
        """;

    public static ChatRequest Build(string model, string instruction, string path, string content, int from, int to, bool stream)
    {
        var before = content[Math.Max(0, from - ContextLength)..from];
        var after = content[to..Math.Min(content.Length, to + ContextLength)];
        var prompt = $"""
            File: {path}
            Instruction: {instruction}

            <before>{before}</before>
            <selection>{content[from..to]}</selection>
            <after>{after}</after>
            """;
        return new ChatRequest(model, System, [new ChatTurn(ChatRole.User, [new TextPart(prompt)])], null, null, null, [], [], null, stream);
    }

    /// <summary>The replacement text in a model's answer: the answer, or what is inside it when it is one fenced block.</summary>
    public static string Answer(string answer)
    {
        var trimmed = answer.Trim('\r', '\n');
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return answer;
        }

        var firstLine = trimmed.IndexOf('\n');
        var lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        if (firstLine < 0 || lastFence <= firstLine)
        {
            return answer;
        }

        var inner = trimmed[(firstLine + 1)..lastFence];
        return inner.EndsWith('\n') ? inner[..^1] : inner;
    }
}
