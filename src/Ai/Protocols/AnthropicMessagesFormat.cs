using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Protocols;

/// <summary>Anthropic Messages (<c>/v1/messages</c>) to and from the neutral form.</summary>
public static class AnthropicMessagesFormat
{
    /// <summary>Anthropic requires max_tokens; a request from another format that set none gets this.</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>A Messages body; <paramref name="requireMaxTokens"/> is false for count_tokens bodies, which have none.</summary>
    public static ChatRequest ParseRequest(JsonElement body, bool requireMaxTokens = true)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatFormatException("The body must be a JSON object.");
        }

        var turns = new List<ChatTurn>();
        var index = 0;
        foreach (var message in body.RequiredArray("messages", "body"))
        {
            var where = $"messages[{index++}]";
            var role = message.RequiredString("role", where) switch
            {
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                var other => throw new ChatFormatException($"{where}.role '{other}' is not one of user, assistant."),
            };
            turns.Add(new ChatTurn(role, Blocks(message.Property("content"), where).ToList()));
        }

        if (turns.Count == 0)
        {
            throw new ChatFormatException("messages must not be empty.");
        }

        var system = body.Property("system") switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Array } blocks => string.Concat(Blocks(blocks, "system").OfType<TextPart>().Select(p => p.Text)),
            _ => throw new ChatFormatException("body.system must be a string or an array of text blocks."),
        };

        var tools = body.OptionalArray("tools", "body").Select((tool, i) => new ToolDefinition(
            tool.RequiredString("name", $"tools[{i}]"), tool.OptionalString("description", $"tools[{i}]"), tool.Property("input_schema") ?? Json.EmptyObject)).ToList();

        ToolChoice? choice = body.Property("tool_choice") is { } c
            ? c.RequiredString("type", "tool_choice") switch
            {
                "auto" => new ToolChoice("auto"),
                "any" => new ToolChoice("required"),
                "none" => new ToolChoice("none"),
                "tool" => new ToolChoice("tool", c.RequiredString("name", "tool_choice")),
                var other => throw new ChatFormatException($"tool_choice.type '{other}' is not one of auto, any, none, tool."),
            }
            : null;

        return new ChatRequest(
            body.RequiredString("model", "body"),
            system,
            turns,
            body.OptionalInt("max_tokens", "body") ?? (requireMaxTokens ? throw new ChatFormatException("body.max_tokens is required.") : null),
            body.OptionalDouble("temperature", "body"),
            body.OptionalDouble("top_p", "body"),
            body.StringOrArray("stop_sequences", "body"),
            tools,
            choice,
            body.OptionalBool("stream", "body"));
    }

    public static JsonObject WriteRequest(ChatRequest request, string model)
    {
        var messages = new JsonArray();
        foreach (var turn in request.Messages)
        {
            var content = new JsonArray(turn.Parts.Select(WriteBlock).Where(b => b is not null).ToArray());
            if (content.Count > 0)
            {
                messages.Add(new JsonObject { ["role"] = turn.Role == ChatRole.User ? "user" : "assistant", ["content"] = content });
            }
        }

        var body = new JsonObject { ["model"] = model, ["max_tokens"] = request.MaxTokens ?? DefaultMaxTokens, ["messages"] = messages };
        if (request.System is not null)
        {
            body["system"] = request.System;
        }

        SamplingFields.Write(body, request, maxTokens: null, "temperature", "top_p", "stop_sequences");

        if (request.Tools.Count > 0)
        {
            body["tools"] = new JsonArray(request.Tools.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name, ["description"] = t.Description, ["input_schema"] = JsonNode.Parse(t.Parameters.GetRawText()),
            }).ToArray());
        }

        if (request.ToolChoice is { } choice)
        {
            body["tool_choice"] = choice.Mode switch
            {
                "required" => new JsonObject { ["type"] = "any" },
                "tool" => new JsonObject { ["type"] = "tool", ["name"] = choice.Name },
                var mode => new JsonObject { ["type"] = mode },
            };
        }

        if (request.Stream)
        {
            body["stream"] = true;
        }

        return body;
    }

    public static ChatResult ParseResponse(JsonElement body)
    {
        var parts = Blocks(body.Property("content") ?? throw new ChatFormatException("response.content is missing."), "response").ToList();
        return new ChatResult(body.OptionalString("id", "response") ?? "", body.OptionalString("model", "response") ?? "", parts,
            Stop(body.OptionalString("stop_reason", "response")) ?? StopReason.EndTurn, Usage(body.Property("usage")));
    }

    public static JsonObject WriteResponse(ChatResult result) => new()
    {
        ["id"] = ChatIds.Anthropic(result.Id),
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = result.Model,
        ["content"] = new JsonArray(result.Content.Select(WriteBlock).Where(b => b is not null).ToArray()),
        ["stop_reason"] = StopReasonName(result.Stop),
        ["stop_sequence"] = null,
        ["usage"] = WriteUsage(result.Usage),
    };

    /// <summary>Anthropic counts cache reads apart from input_tokens.</summary>
    public static JsonObject WriteUsage(ChatUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens - usage.CachedInputTokens, ["output_tokens"] = usage.OutputTokens,
        ["cache_read_input_tokens"] = usage.CachedInputTokens, ["cache_creation_input_tokens"] = 0,
    };

    /// <summary>Usage in the neutral form: every input token (fresh, cache writes and cache reads) counted as input.</summary>
    public static ChatUsage Usage(JsonElement? usage) => usage is { } u
        ? new ChatUsage(u.Long("input_tokens") + u.Long("cache_read_input_tokens") + u.Long("cache_creation_input_tokens"), u.Long("output_tokens"),
            u.Long("cache_read_input_tokens"))
        : ChatUsage.None;

    public static StopReason? Stop(string? reason) => reason switch
    {
        null => null,
        "max_tokens" => StopReason.MaxTokens,
        "stop_sequence" => StopReason.StopSequence,
        "tool_use" => StopReason.ToolUse,
        "refusal" => StopReason.ContentFilter,
        _ => StopReason.EndTurn,
    };

    public static string StopReasonName(StopReason stop) => stop switch
    {
        StopReason.MaxTokens => "max_tokens",
        StopReason.StopSequence => "stop_sequence",
        StopReason.ToolUse => "tool_use",
        StopReason.ContentFilter => "refusal",
        _ => "end_turn",
    };

    /// <summary>An error body in Anthropic's shape; <c>code</c> carries our stable code.</summary>
    public static JsonObject Error(int status, string code, string message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject
        {
            ["type"] = status switch
            {
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                413 => "request_too_large",
                429 => "rate_limit_error",
                503 or 529 => "overloaded_error",
                >= 500 => "api_error",
                _ => "invalid_request_error",
            },
            ["message"] = message,
            ["code"] = code,
        },
    };

    private static JsonNode? WriteBlock(ChatPart part) => part switch
    {
        TextPart text => new JsonObject { ["type"] = "text", ["text"] = text.Text },
        ImagePart { Url: { } url } => new JsonObject { ["type"] = "image", ["source"] = new JsonObject { ["type"] = "url", ["url"] = url } },
        ImagePart image => new JsonObject
        {
            ["type"] = "image",
            ["source"] = new JsonObject { ["type"] = "base64", ["media_type"] = image.MediaType, ["data"] = image.Data },
        },
        ToolCallPart call => new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = ParseArguments(call.Arguments) },
        ToolResultPart result => new JsonObject
        {
            ["type"] = "tool_result", ["tool_use_id"] = result.CallId, ["content"] = result.Content, ["is_error"] = result.IsError,
        },
        _ => null,
    };

    /// <summary>Tool arguments arrive as JSON text; a model that wrote broken JSON still gets its text through.</summary>
    private static JsonNode ParseArguments(string arguments)
    {
        try
        {
            return JsonNode.Parse(arguments.Length == 0 ? "{}" : arguments) ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject { ["_raw"] = arguments };
        }
    }

    private static IEnumerable<ChatPart> Blocks(JsonElement? content, string where)
    {
        var items = Json.ContentItems(content, where, "blocks", out var plain);
        if (plain is not null)
        {
            yield return new TextPart(plain);
            yield break;
        }

        foreach (var block in items)
        {
            var at = where + ".content[]";
            switch (block.RequiredString("type", at))
            {
                case "text":
                    yield return new TextPart(block.RequiredString("text", at));
                    break;
                case "image":
                    var source = block.Property("source") ?? throw new ChatFormatException($"{at}.source is required.");
                    yield return source.OptionalString("type", at) == "url"
                        ? new ImagePart(null, null, source.RequiredString("url", at + ".source"))
                        : new ImagePart(source.RequiredString("media_type", at + ".source"), source.RequiredString("data", at + ".source"), null);
                    break;
                case "tool_use":
                    yield return new ToolCallPart(block.RequiredString("id", at), block.RequiredString("name", at),
                        (block.Property("input") ?? Json.EmptyObject).GetRawText());
                    break;
                case "tool_result":
                    var result = block.Property("content") switch
                    {
                        null => "",
                        { ValueKind: JsonValueKind.String } text => text.GetString()!,
                        var blocks => string.Concat(Blocks(blocks, at).OfType<TextPart>().Select(p => p.Text)),
                    };
                    yield return new ToolResultPart(block.RequiredString("tool_use_id", at), result, block.OptionalBool("is_error", at));
                    break;
                case "thinking" or "redacted_thinking":
                    break; // Reasoning is the provider's own; other formats have no place for it.
                case var type:
                    throw new ChatFormatException($"{at}.type '{type}' is not supported (text, image, tool_use, tool_result).");
            }
        }
    }
}
