using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// OpenAI's Responses API (<c>/v1/responses</c>), which Codex and the OpenAI Agents SDK call. The whole conversation
/// travels in <c>input</c> (a string, or message, <c>function_call</c> and <c>function_call_output</c> items),
/// <c>instructions</c> is the system prompt and tools are function tools. This gateway stores no responses, so
/// <c>previous_response_id</c>, <c>conversation</c>, item references and background mode are refused; so are built-in
/// tools and structured outputs, which the neutral form cannot carry. Reasoning items given back in <c>input</c> are
/// model-internal and left out when the call is translated. An <c>openai</c> provider gets the body as sent.
/// </summary>
public sealed class OpenAiResponsesFormat : IChatFormat
{
    public static OpenAiResponsesFormat Instance { get; } = new();

    public string Name => "responses";

    public ChatRequest ParseRequest(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatFormatException("The body must be a JSON object.");
        }

        Refuse(body, "previous_response_id", "previous_response_id is not supported: this gateway stores no responses; send the whole conversation in input.");
        Refuse(body, "conversation", "conversation is not supported: this gateway stores no conversations; send the whole conversation in input.");
        Refuse(body, "prompt", "prompt (stored prompt templates) is not supported: send instructions and input.");
        if (body.OptionalBool("background", "body"))
        {
            throw new ChatFormatException("background is not supported: this gateway stores no responses to fetch later.");
        }

        if (body.Property("text") is { } text && text.Property("format") is { } format
            && format.OptionalString("type", "text.format") is { } formatType and not "text")
        {
            throw new ChatFormatException($"text.format '{formatType}' is not supported: structured outputs are not translated; only plain text is.");
        }

        var system = new List<string>();
        if (body.OptionalString("instructions", "body") is { Length: > 0 } instructions)
        {
            system.Add(instructions);
        }

        var turns = body.Property("input") switch
        {
            { ValueKind: JsonValueKind.String } plain => [new ChatTurn(ChatRole.User, [new TextPart(plain.GetString()!)])],
            { ValueKind: JsonValueKind.Array } items => ResponsesInput.Turns(items, system),
            null => throw new ChatFormatException("body.input is required."),
            _ => throw new ChatFormatException("body.input must be a string or an array of items."),
        };
        if (turns.Count == 0)
        {
            throw new ChatFormatException("input must hold at least one message.");
        }

        var maxTokens = body.OptionalInt("max_output_tokens", "body");
        if (maxTokens < 1)
        {
            throw new ChatFormatException("body.max_output_tokens must be at least 1.");
        }

        return new ChatRequest(
            body.RequiredString("model", "body"),
            system.Count == 0 ? null : string.Join("\n\n", system),
            turns,
            maxTokens,
            body.OptionalDouble("temperature", "body"),
            body.OptionalDouble("top_p", "body"),
            [],
            body.OptionalArray("tools", "body").Select(Tool).ToList(),
            ToolChoiceOf(body.Property("tool_choice")),
            body.OptionalBool("stream", "body"));
    }

    public JsonObject WriteRequest(ChatRequest request, string model)
    {
        // The Responses API has no stop sequences; only callers of other formats set them, and those never reach here.
        var body = new JsonObject { ["model"] = model, ["input"] = ResponsesInput.Write(request.Messages), ["store"] = false };
        if (request.System is not null)
        {
            body["instructions"] = request.System;
        }

        SamplingFields.Write(body, request with { Stop = [] }, "max_output_tokens", "temperature", "top_p", "stop");
        if (request.Tools.Count > 0)
        {
            body["tools"] = new JsonArray(request.Tools.Select(t => (JsonNode)new JsonObject
            {
                ["type"] = "function", ["name"] = t.Name, ["description"] = t.Description, ["parameters"] = JsonNode.Parse(t.Parameters.GetRawText()),
            }).ToArray());
        }

        if (request.ToolChoice is { } choice)
        {
            body["tool_choice"] = choice.Mode == "tool" ? new JsonObject { ["type"] = "function", ["name"] = choice.Name } : choice.Mode;
        }

        if (request.Stream)
        {
            body["stream"] = true;
        }

        return body;
    }

    public ChatResult ParseResponse(JsonElement body, string model) => ResponsesOutput.Parse(body, model);

    public JsonObject WriteResponse(ChatResult result, long created) =>
        ResponsesOutput.Response(ChatIds.OpenAiResponse(result.Id), result.Model, created, ResponsesOutput.Items(result.Content), result.Stop, result.Usage);

    public IChatStreamReader StreamReader(string model) => new ResponsesStreamReader();

    public IChatStreamWriter StreamWriter(string model, long created) => new ResponsesStreamWriter(model, created);

    public JsonObject Error(int status, string code, string message) => OpenAiChatFormat.Error(status, code, message);

    /// <summary>The body as sent, for the target model and held to the reserved output bound (usage always comes with a Responses answer).</summary>
    public JsonObject PassThrough(JsonElement body, ChatRequest request, string model, string providerKind)
    {
        var upstream = JsonNode.Parse(body.GetRawText())!.AsObject();
        upstream["model"] = model;
        if (upstream["max_output_tokens"] is null)
        {
            upstream["max_output_tokens"] = request.MaxTokens;
        }

        return upstream;
    }

    private static void Refuse(JsonElement body, string name, string message)
    {
        if (body.Property(name) is not null)
        {
            throw new ChatFormatException(message);
        }
    }

    private static ToolDefinition Tool(JsonElement tool, int index)
    {
        var where = $"tools[{index}]";
        var type = tool.RequiredString("type", where);
        if (type != "function")
        {
            throw new ChatFormatException($"{where}.type '{type}' is not supported: only function tools are (built-in tools run on OpenAI's side).");
        }

        if (tool.Property("function") is not null)
        {
            throw new ChatFormatException($"{where}: Responses function tools give name, description and parameters at the top level, not under 'function'.");
        }

        return new ToolDefinition(tool.RequiredString("name", where), tool.OptionalString("description", where), tool.Property("parameters") ?? Json.EmptyObject);
    }

    private static ToolChoice? ToolChoiceOf(JsonElement? choice) => choice switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } mode => mode.GetString() switch
        {
            "auto" or "none" or "required" => new ToolChoice(mode.GetString()!),
            var other => throw new ChatFormatException($"tool_choice '{other}' is not one of auto, none, required."),
        },
        { ValueKind: JsonValueKind.Object } named => named.RequiredString("type", "tool_choice") switch
        {
            "function" => new ToolChoice("tool", named.RequiredString("name", "tool_choice")),
            var other => throw new ChatFormatException($"tool_choice.type '{other}' is not supported: only a function tool may be named."),
        },
        _ => throw new ChatFormatException("tool_choice must be a string or an object."),
    };
}
