using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Protocols;

/// <summary>OpenAI Chat Completions (<c>/v1/chat/completions</c>) to and from the neutral form.</summary>
public static class OpenAiChatFormat
{
    public static ChatRequest ParseRequest(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatFormatException("The body must be a JSON object.");
        }

        var system = new List<string>();
        var turns = new List<ChatTurn>();
        var index = 0;
        foreach (var message in body.RequiredArray("messages", "body"))
        {
            var where = $"messages[{index++}]";
            switch (message.RequiredString("role", where))
            {
                case "system" or "developer":
                    system.Add(string.Concat(Parts(message, where).OfType<TextPart>().Select(p => p.Text)));
                    break;
                case "user":
                    AddTurn(turns, ChatRole.User, Parts(message, where));
                    break;
                case "assistant":
                    var parts = Parts(message, where).ToList();
                    foreach (var call in message.OptionalArray("tool_calls", where))
                    {
                        var function = call.Property("function") ?? throw new ChatFormatException($"{where}.tool_calls[].function is required.");
                        parts.Add(new ToolCallPart(call.RequiredString("id", where + ".tool_calls[]"), function.RequiredString("name", where + ".function"),
                            function.OptionalString("arguments", where + ".function") ?? "{}"));
                    }

                    AddTurn(turns, ChatRole.Assistant, parts);
                    break;
                case "tool":
                    var text = string.Concat(Parts(message, where).OfType<TextPart>().Select(p => p.Text));
                    AddTurn(turns, ChatRole.User, [new ToolResultPart(message.RequiredString("tool_call_id", where), text, false)]);
                    break;
                case var role:
                    throw new ChatFormatException($"{where}.role '{role}' is not one of system, developer, user, assistant, tool.");
            }
        }

        if (turns.Count == 0)
        {
            throw new ChatFormatException("messages must hold at least one user or assistant message.");
        }

        var tools = body.OptionalArray("tools", "body").Select((tool, i) =>
        {
            var function = tool.Property("function") ?? throw new ChatFormatException($"tools[{i}].function is required.");
            return new ToolDefinition(function.RequiredString("name", $"tools[{i}].function"), function.OptionalString("description", $"tools[{i}].function"),
                function.Property("parameters") ?? Json.EmptyObject);
        }).ToList();

        return new ChatRequest(
            body.RequiredString("model", "body"),
            system.Count == 0 ? null : string.Join("\n\n", system),
            turns,
            body.OptionalInt("max_completion_tokens", "body") ?? body.OptionalInt("max_tokens", "body"),
            body.OptionalDouble("temperature", "body"),
            body.OptionalDouble("top_p", "body"),
            body.StringOrArray("stop", "body"),
            tools,
            ParseToolChoice(body.Property("tool_choice")),
            body.OptionalBool("stream", "body"));
    }

    public static JsonObject WriteRequest(ChatRequest request, string model)
    {
        var messages = new JsonArray();
        if (request.System is not null)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = request.System });
        }

        foreach (var turn in request.Messages)
        {
            if (turn.Role == ChatRole.Assistant)
            {
                var message = new JsonObject { ["role"] = "assistant", ["content"] = Text(turn.Parts) };
                var calls = turn.Parts.OfType<ToolCallPart>().Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
                }).ToArray();
                if (calls.Length > 0)
                {
                    message["tool_calls"] = new JsonArray(calls);
                }

                messages.Add(message);
                continue;
            }

            // Tool results become "tool" messages; what else the user said follows them.
            foreach (var result in turn.Parts.OfType<ToolResultPart>())
            {
                messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = result.CallId, ["content"] = result.Content });
            }

            var content = new JsonArray();
            foreach (var part in turn.Parts)
            {
                switch (part)
                {
                    case TextPart text:
                        content.Add(new JsonObject { ["type"] = "text", ["text"] = text.Text });
                        break;
                    case ImagePart image:
                        var url = image.Url ?? $"data:{image.MediaType};base64,{image.Data}";
                        content.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } });
                        break;
                }
            }

            if (content.Count > 0)
            {
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = content });
            }
        }

        var body = new JsonObject { ["model"] = model, ["messages"] = messages };
        SamplingFields.Write(body, request, "max_tokens", "temperature", "top_p", "stop");

        if (request.Tools.Count > 0)
        {
            body["tools"] = new JsonArray(request.Tools.Select(t => (JsonNode)new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = t.Name, ["description"] = t.Description, ["parameters"] = JsonNode.Parse(t.Parameters.GetRawText()) },
            }).ToArray());
        }

        if (request.ToolChoice is { } choice)
        {
            body["tool_choice"] = choice.Mode == "tool"
                ? new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = choice.Name } }
                : choice.Mode;
        }

        if (request.Stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    public static ChatResult ParseResponse(JsonElement body)
    {
        var choice = body.RequiredArray("choices", "response").FirstOrDefault();
        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw new ChatFormatException("response.choices is empty.");
        }

        var message = choice.Property("message") ?? throw new ChatFormatException("response.choices[0].message is missing.");
        var parts = new List<ChatPart>();
        if (message.OptionalString("content", "message") is { Length: > 0 } text)
        {
            parts.Add(new TextPart(text));
        }

        foreach (var call in message.OptionalArray("tool_calls", "message"))
        {
            var function = call.Property("function") ?? Json.EmptyObject;
            parts.Add(new ToolCallPart(call.OptionalString("id", "tool_call") ?? "", function.OptionalString("name", "function") ?? "",
                function.OptionalString("arguments", "function") ?? "{}"));
        }

        return new ChatResult(body.OptionalString("id", "response") ?? "", body.OptionalString("model", "response") ?? "", parts,
            Stop(choice.OptionalString("finish_reason", "choice")) ?? StopReason.EndTurn, Usage(body.Property("usage")));
    }

    public static JsonObject WriteResponse(ChatResult result, long created)
    {
        var text = Text(result.Content);
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        var calls = result.Content.OfType<ToolCallPart>().Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
        }).ToArray();
        if (calls.Length > 0)
        {
            message["tool_calls"] = new JsonArray(calls);
        }

        return new JsonObject
        {
            ["id"] = ChatIds.OpenAi(result.Id),
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = result.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = FinishReason(result.Stop),
            }),
            ["usage"] = WriteUsage(result.Usage),
        };
    }

    public static JsonObject WriteUsage(ChatUsage usage) => new()
    {
        ["prompt_tokens"] = usage.InputTokens, ["completion_tokens"] = usage.OutputTokens, ["total_tokens"] = usage.Total,
        ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedInputTokens },
    };

    /// <summary>Usage as OpenAI reports it: cached tokens are part of prompt_tokens.</summary>
    public static ChatUsage Usage(JsonElement? usage) => usage is { } u
        ? new ChatUsage(u.Long("prompt_tokens"), u.Long("completion_tokens"),
            Math.Min(u.Long("prompt_tokens"), (u.Property("prompt_tokens_details") ?? Json.EmptyObject).Long("cached_tokens")))
        : ChatUsage.None;

    public static StopReason? Stop(string? finishReason) => finishReason switch
    {
        null => null,
        "length" => StopReason.MaxTokens,
        "tool_calls" or "function_call" => StopReason.ToolUse,
        "content_filter" => StopReason.ContentFilter,
        _ => StopReason.EndTurn,
    };

    public static string FinishReason(StopReason stop) => stop switch
    {
        StopReason.MaxTokens => "length",
        StopReason.ToolUse => "tool_calls",
        StopReason.ContentFilter => "content_filter",
        _ => "stop",
    };

    /// <summary>An error body in OpenAI's shape; <c>code</c> carries our stable code.</summary>
    public static JsonObject Error(int status, string code, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = status switch
            {
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                429 => "rate_limit_error",
                >= 500 => "server_error",
                _ => "invalid_request_error",
            },
            ["param"] = null,
            ["code"] = code,
        },
    };

    private static string? Text(IEnumerable<ChatPart> parts)
    {
        var texts = parts.OfType<TextPart>().Select(p => p.Text).ToList();
        return texts.Count == 0 ? null : string.Concat(texts);
    }

    private static void AddTurn(List<ChatTurn> turns, ChatRole role, IEnumerable<ChatPart> parts)
    {
        var list = parts.ToList();
        if (turns.Count > 0 && turns[^1].Role == role && role == ChatRole.User && list.All(p => p is ToolResultPart)
            && turns[^1].Parts.All(p => p is ToolResultPart))
        {
            // Consecutive tool messages answer one assistant turn: keep them together.
            turns[^1] = turns[^1] with { Parts = [.. turns[^1].Parts, .. list] };
            return;
        }

        turns.Add(new ChatTurn(role, list));
    }

    private static IEnumerable<ChatPart> Parts(JsonElement message, string where)
    {
        var parts = Json.ContentItems(message.Property("content"), where, "parts", out var text);
        if (text is not null)
        {
            yield return new TextPart(text);
            yield break;
        }

        foreach (var part in parts)
        {
            switch (part.RequiredString("type", where + ".content[]"))
            {
                case "text":
                    yield return new TextPart(part.RequiredString("text", where + ".content[]"));
                    break;
                case "image_url":
                    var url = (part.Property("image_url") ?? throw new ChatFormatException($"{where}.content[].image_url is required."))
                        .RequiredString("url", where + ".content[].image_url");
                    yield return DataUrl.ToImage(url);
                    break;
                case var type:
                    throw new ChatFormatException($"{where}.content[].type '{type}' is not supported (text, image_url).");
            }
        }
    }

    private static ToolChoice? ParseToolChoice(JsonElement? choice) => choice switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } mode => mode.GetString() switch
        {
            "auto" or "none" or "required" => new ToolChoice(mode.GetString()!),
            var other => throw new ChatFormatException($"tool_choice '{other}' is not one of auto, none, required."),
        },
        { ValueKind: JsonValueKind.Object } named => new ToolChoice("tool",
            (named.Property("function") ?? throw new ChatFormatException("tool_choice.function is required.")).RequiredString("name", "tool_choice.function")),
        _ => throw new ChatFormatException("tool_choice must be a string or an object."),
    };
}
