using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Protocols;

/// <summary>Gemini <c>generateContent</c> / <c>streamGenerateContent</c> from and to the neutral form (provider side only).</summary>
public static class GeminiFormat
{
    public static JsonObject WriteRequest(ChatRequest request)
    {
        // Gemini answers a function call by the function's name, not by a call id: remember which id named which.
        var names = request.Messages.SelectMany(t => t.Parts).OfType<ToolCallPart>().GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Name);
        var contents = new JsonArray();
        foreach (var turn in request.Messages)
        {
            var parts = new JsonArray();
            foreach (var part in turn.Parts)
            {
                parts.Add(part switch
                {
                    TextPart text => new JsonObject { ["text"] = text.Text },
                    ImagePart { Url: { } url } => new JsonObject { ["fileData"] = new JsonObject { ["fileUri"] = url } },
                    ImagePart image => new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = image.MediaType, ["data"] = image.Data } },
                    ToolCallPart call => new JsonObject { ["functionCall"] = new JsonObject { ["name"] = call.Name, ["args"] = JsonNode.Parse(call.Arguments.Length == 0 ? "{}" : call.Arguments) } },
                    ToolResultPart result => new JsonObject
                    {
                        ["functionResponse"] = new JsonObject
                        {
                            ["name"] = names.GetValueOrDefault(result.CallId, result.CallId),
                            ["response"] = new JsonObject { [result.IsError ? "error" : "result"] = result.Content },
                        },
                    },
                    _ => throw new ChatFormatException("Unsupported part."),
                });
            }

            if (parts.Count > 0)
            {
                contents.Add(new JsonObject { ["role"] = turn.Role == ChatRole.User ? "user" : "model", ["parts"] = parts });
            }
        }

        var body = new JsonObject { ["contents"] = contents };
        if (request.System is not null)
        {
            body["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = request.System }) };
        }

        var config = new JsonObject();
        SamplingFields.Write(config, request, "maxOutputTokens", "temperature", "topP", "stopSequences");

        if (config.Count > 0)
        {
            body["generationConfig"] = config;
        }

        if (request.Tools.Count > 0)
        {
            body["tools"] = new JsonArray(new JsonObject
            {
                ["functionDeclarations"] = new JsonArray(request.Tools.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Name, ["description"] = t.Description, ["parameters"] = JsonNode.Parse(t.Parameters.GetRawText()),
                }).ToArray()),
            });
        }

        if (request.ToolChoice is { } choice)
        {
            var calling = new JsonObject
            {
                ["mode"] = choice.Mode switch { "none" => "NONE", "required" or "tool" => "ANY", _ => "AUTO" },
            };
            if (choice.Name is not null)
            {
                calling["allowedFunctionNames"] = new JsonArray(JsonValue.Create(choice.Name));
            }

            body["toolConfig"] = new JsonObject { ["functionCallingConfig"] = calling };
        }

        return body;
    }

    public static ChatResult ParseResponse(JsonElement body, string model)
    {
        var parts = new List<ChatPart>();
        StopReason? stop = null;
        var calls = 0;
        foreach (var delta in ParseChunk(body, ref calls))
        {
            switch (delta)
            {
                case TextDelta text when parts.Count > 0 && parts[^1] is TextPart previous:
                    parts[^1] = new TextPart(previous.Text + text.Text);
                    break;
                case TextDelta text:
                    parts.Add(new TextPart(text.Text));
                    break;
                case ToolCallDelta call:
                    parts.Add(new ToolCallPart(call.Id!, call.Name!, call.Arguments));
                    break;
                case FinishDelta finish:
                    stop = finish.Reason ?? stop;
                    break;
            }
        }

        return new ChatResult(body.OptionalString("responseId", "response") ?? "", body.OptionalString("modelVersion", "response") ?? model,
            parts, stop ?? StopReason.EndTurn, Usage(body.Property("usageMetadata")));
    }

    /// <summary>The deltas in one response or stream chunk; <paramref name="calls"/> counts tool calls so far.</summary>
    public static IEnumerable<ChatDelta> ParseChunk(JsonElement chunk, ref int calls)
    {
        var deltas = new List<ChatDelta>();
        var candidate = chunk.OptionalArray("candidates", "response").FirstOrDefault();
        var sawCall = false;
        if (candidate.ValueKind == JsonValueKind.Object)
        {
            foreach (var part in (candidate.Property("content") ?? Json.EmptyObject).OptionalArray("parts", "content"))
            {
                if (part.Property("thought") is { ValueKind: JsonValueKind.True })
                {
                    continue;
                }

                if (part.OptionalString("text", "part") is { } text)
                {
                    deltas.Add(new TextDelta(text));
                }
                else if (part.Property("functionCall") is { } call)
                {
                    sawCall = true;
                    deltas.Add(new ToolCallDelta(calls, ChatIds.ToolCall(calls), call.RequiredString("name", "functionCall"),
                        (call.Property("args") ?? Json.EmptyObject).GetRawText()));
                    calls++;
                }
            }
        }

        var reason = candidate.ValueKind == JsonValueKind.Object ? candidate.OptionalString("finishReason", "candidate") : null;
        var usage = chunk.Property("usageMetadata");
        if (reason is not null || usage is not null)
        {
            StopReason? stop = reason switch
            {
                null => null,
                "MAX_TOKENS" => StopReason.MaxTokens,
                "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" => StopReason.ContentFilter,
                _ => sawCall || calls > 0 ? StopReason.ToolUse : StopReason.EndTurn,
            };
            deltas.Add(new FinishDelta(stop, usage is null ? null : Usage(usage)));
        }

        return deltas;
    }

    public static ChatUsage Usage(JsonElement? usage) => usage is { } u
        ? new ChatUsage(u.Long("promptTokenCount"), u.Long("candidatesTokenCount") + u.Long("thoughtsTokenCount"))
        : ChatUsage.None;
}
