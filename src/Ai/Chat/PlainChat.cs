namespace PowerAutomation.Ai.Chat;

/// <summary>
/// The plain chat shape that tools and workflow steps take, <c>[{role, content}]</c> with roles <c>system</c>,
/// <c>user</c> and <c>assistant</c> and text content, as a <see cref="ChatRequest"/>: system messages joined into the
/// system prompt, the rest as turns in order. Pure.
/// </summary>
public static class PlainChat
{
    /// <summary>The request, or null when a role is unknown or no user or assistant message is left.</summary>
    public static ChatRequest? Request(string model, IEnumerable<(string? Role, string Content)> messages, int? maxTokens)
    {
        var system = new List<string>();
        var turns = new List<ChatTurn>();
        foreach (var (role, content) in messages)
        {
            switch (role)
            {
                case "system":
                    system.Add(content);
                    break;
                case "user":
                    turns.Add(new ChatTurn(ChatRole.User, [new TextPart(content)]));
                    break;
                case "assistant":
                    turns.Add(new ChatTurn(ChatRole.Assistant, [new TextPart(content)]));
                    break;
                default:
                    return null;
            }
        }

        return turns.Count == 0 ? null
            : new ChatRequest(model, system.Count == 0 ? null : string.Join("\n\n", system), turns, maxTokens, null, null, [], [], null, false);
    }
}
