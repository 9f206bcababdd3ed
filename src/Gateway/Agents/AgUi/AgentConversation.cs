using System.Text.Json;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>
/// The AG-UI conversation in the router's neutral form: system and developer messages (and the run's context) make
/// the system prompt; assistant tool calls and tool results keep their ids. Pure.
/// </summary>
public static class AgentConversation
{
    public const string Instructions =
        "You are an assistant working inside PowerAutomation on behalf of the signed-in user, with tools for their projects, " +
        "documents and workflows. Read a document before editing it; edit_document offsets are UTF-16 units into the content " +
        "at the revision you read. Answer briefly once the work is done.";

    /// <summary>The system prompt and turns, or the problem with the input (field and message).</summary>
    public static (string System, List<ChatTurn> Turns, (string Field, string Message)? Problem) From(RunAgentInput input)
    {
        var system = new List<string> { Instructions };
        system.AddRange((input.Context ?? []).Where(c => c.Value is not null).Select(c => $"{c.Description}: {c.Value}"));
        var turns = new List<ChatTurn>();
        var messages = input.Messages ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var text = Text(message.Content);
            switch (message.Role)
            {
                case "system" or "developer":
                    system.Add(text);
                    break;
                case "user":
                    turns.Add(new ChatTurn(ChatRole.User, [new TextPart(text)]));
                    break;
                case "assistant":
                    var parts = new List<ChatPart>();
                    if (text.Length > 0)
                    {
                        parts.Add(new TextPart(text));
                    }

                    foreach (var call in message.ToolCalls ?? [])
                    {
                        if (call.Id is null || call.Function?.Name is null)
                        {
                            return (string.Join("\n\n", system), turns, ($"messages[{i}].toolCalls", "A tool call needs an id and a function name."));
                        }

                        parts.Add(new ToolCallPart(call.Id, call.Function.Name, call.Function.Arguments ?? "{}"));
                    }

                    if (parts.Count > 0)
                    {
                        turns.Add(new ChatTurn(ChatRole.Assistant, parts));
                    }

                    break;
                case "tool":
                    if (message.ToolCallId is null)
                    {
                        return (string.Join("\n\n", system), turns, ($"messages[{i}].toolCallId", "A tool message needs the toolCallId it answers."));
                    }

                    var result = new ToolResultPart(message.ToolCallId, text, false);
                    if (turns.Count > 0 && turns[^1].Role == ChatRole.User && turns[^1].Parts.All(p => p is ToolResultPart))
                    {
                        turns[^1] = turns[^1] with { Parts = [.. turns[^1].Parts, result] };
                    }
                    else
                    {
                        turns.Add(new ChatTurn(ChatRole.User, [result]));
                    }

                    break;
                default:
                    // Activity and reasoning messages are the client's own; the model does not need them.
                    if (message.Role is not ("activity" or "reasoning"))
                    {
                        return (string.Join("\n\n", system), turns, ($"messages[{i}].role", $"Unknown role '{message.Role}'."));
                    }

                    break;
            }
        }

        return turns.Count == 0
            ? (string.Join("\n\n", system), turns, ("messages", "messages needs at least one user message."))
            : (string.Join("\n\n", system), turns, null);
    }

    /// <summary>A message's text: a string, or the text parts of a list of parts.</summary>
    public static string Text(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t) && t.GetString() == "text"
                && p.TryGetProperty("text", out var x) && x.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
