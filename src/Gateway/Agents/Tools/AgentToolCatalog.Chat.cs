using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

public sealed partial class AgentToolCatalog
{
    public const int MaxChatMessages = 50;
    public const int MaxChatMessageLength = 32 * 1024;
    public const int MaxChatOutputTokens = 8192;

    private AgentTool ChatTool() => new("chat", ToolGroups.Ai, ApiScopes.Ai,
        "Asks a model through the gateway's AI router (charged to the user like any AI call): {content, model, usage}.",
        Schema("""
            {"type":"object","required":["model","messages"],"additionalProperties":false,
             "properties":{"model":{"type":"string","minLength":1,"maxLength":200,"description":"A model or alias, or 'auto'."},
                           "messages":{"type":"array","minItems":1,"maxItems":@MaxChatMessages,
                                       "items":{"type":"object","required":["role","content"],"additionalProperties":false,
                                                "properties":{"role":{"type":"string","enum":["system","user","assistant"]},
                                                              "content":{"type":"string","maxLength":@MaxChatMessageLength}}}},
                           "maxTokens":{"type":"integer","minimum":1,"maximum":@MaxChatOutputTokens}}}
            """),
        ChatAsync);

    private async Task<ToolResult> ChatAsync(ToolCall call)
    {
        // The schema already holds roles to system, user and assistant and content to strings.
        var messages = call.Arguments.GetProperty("messages").EnumerateArray()
            .Select(m => ((string?)m.GetProperty("role").GetString(), m.GetProperty("content").GetString()!));
        if (PlainChat.Request(call.Arguments.GetProperty("model").GetString()!, messages, OptionalInt(call.Arguments, "maxTokens")) is not { } request)
        {
            return ToolResult.Error(Errors.ErrorCodes.ValidationFailed, "messages needs at least one user or assistant message.", "messages", 400);
        }

        var answer = await _model.CompleteAsync(call.User, call.Actor.RequestId, request, call.CancellationToken);
        if (answer.Result is not { } result)
        {
            return ToolResult.Error(answer.Code!, answer.Message!);
        }

        return ToolResult.Ok(new JsonObject
        {
            ["content"] = string.Concat(result.Content.OfType<TextPart>().Select(p => p.Text)),
            ["model"] = answer.Model,
            ["usage"] = JsonSerializer.SerializeToNode(new { inputTokens = result.Usage.InputTokens, outputTokens = result.Usage.OutputTokens }),
        });
    }
}
