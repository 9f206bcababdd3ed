using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// The response object of the Responses API: its output items (assistant messages of <c>output_text</c> parts,
/// <c>function_call</c> items), status (<c>incomplete</c> when cut by the output bound or a content filter) and
/// usage; shared by the non-streamed answer and the stream's closing event.
/// </summary>
internal static class ResponsesOutput
{
    public static JsonObject Response(string id, string model, long created, JsonArray output, StopReason? stop, ChatUsage? usage)
    {
        var incomplete = stop switch
        {
            StopReason.MaxTokens => "max_output_tokens",
            StopReason.ContentFilter => "content_filter",
            _ => null,
        };
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = created,
            ["status"] = stop is null ? "in_progress" : incomplete is null ? "completed" : "incomplete",
            ["error"] = null,
            ["incomplete_details"] = incomplete is null ? null : new JsonObject { ["reason"] = incomplete },
            ["model"] = model,
            ["output"] = output,
            ["usage"] = usage is null ? null : WriteUsage(usage),
        };
    }

    /// <summary>The answer's content as output items: runs of text as one message, each tool call as a function_call.</summary>
    public static JsonArray Items(IReadOnlyList<ChatPart> content)
    {
        var items = new JsonArray();
        var text = new List<string>();
        void Flush()
        {
            if (text.Count > 0)
            {
                items.Add(Message(ChatIds.OutputItem("msg_"), string.Concat(text), "completed"));
                text.Clear();
            }
        }

        foreach (var part in content)
        {
            switch (part)
            {
                case TextPart t:
                    text.Add(t.Text);
                    break;
                case ToolCallPart call:
                    Flush();
                    items.Add(FunctionCall(ChatIds.OutputItem("fc_"), call.Id, call.Name, call.Arguments, "completed"));
                    break;
            }
        }

        Flush();
        return items;
    }

    public static JsonObject Message(string id, string? text, string status) => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = text is null ? new JsonArray() : new JsonArray(TextPart(text)),
    };

    public static JsonObject TextPart(string text) => new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };

    public static JsonObject FunctionCall(string id, string callId, string name, string arguments, string status) => new()
    {
        ["type"] = "function_call", ["id"] = id, ["call_id"] = callId, ["name"] = name, ["arguments"] = arguments, ["status"] = status,
    };

    public static JsonObject WriteUsage(ChatUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedInputTokens },
        ["output_tokens"] = usage.OutputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = usage.Total,
    };

    /// <summary>Usage as the Responses API reports it: cached tokens are part of input_tokens, reasoning tokens of output_tokens.</summary>
    public static ChatUsage Usage(JsonElement? usage) => usage is { } u
        ? new ChatUsage(u.Long("input_tokens"), u.Long("output_tokens"),
            Math.Min(u.Long("input_tokens"), (u.Property("input_tokens_details") ?? Json.EmptyObject).Long("cached_tokens")))
        : ChatUsage.None;

    /// <summary>Why a finished response stopped: its status and incomplete_details, or a tool call among its output.</summary>
    public static StopReason Stop(JsonElement response, bool calledTools) =>
        (response.Property("incomplete_details") ?? Json.EmptyObject).OptionalString("reason", "incomplete_details") switch
        {
            "max_output_tokens" => StopReason.MaxTokens,
            "content_filter" => StopReason.ContentFilter,
            _ => calledTools ? StopReason.ToolUse : StopReason.EndTurn,
        };

    public static ChatResult Parse(JsonElement body, string model)
    {
        if (body.OptionalString("status", "response") is "failed" || body.Property("error") is { ValueKind: JsonValueKind.Object })
        {
            throw new ChatFormatException("response failed: " + ((body.Property("error") ?? Json.EmptyObject).OptionalString("message", "error") ?? "no reason given"));
        }

        var parts = new List<ChatPart>();
        foreach (var item in body.RequiredArray("output", "response"))
        {
            switch (item.OptionalString("type", "output[]"))
            {
                case "message":
                    foreach (var part in item.OptionalArray("content", "output[].content"))
                    {
                        var text = part.OptionalString("type", "content[]") switch
                        {
                            "output_text" => part.OptionalString("text", "output_text"),
                            "refusal" => part.OptionalString("refusal", "refusal"),
                            _ => null,
                        };
                        if (text is { Length: > 0 })
                        {
                            parts.Add(new TextPart(text));
                        }
                    }

                    break;
                case "function_call":
                    parts.Add(new ToolCallPart(item.OptionalString("call_id", "function_call") ?? "", item.OptionalString("name", "function_call") ?? "",
                        item.OptionalString("arguments", "function_call") ?? "{}"));
                    break;
            }
        }

        return new ChatResult(body.OptionalString("id", "response") ?? "", body.OptionalString("model", "response") ?? model, parts,
            Stop(body, parts.Any(p => p is ToolCallPart)), Usage(body.Property("usage")));
    }
}
