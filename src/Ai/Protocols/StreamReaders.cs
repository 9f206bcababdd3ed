using System.Text.Json;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Protocols;

/// <summary>Turns a provider's stream events into neutral deltas; one instance per stream (it keeps state).</summary>
public interface IChatStreamReader
{
    IReadOnlyList<ChatDelta> Read(SseEvent sse);

    public static IChatStreamReader For(AiProtocol protocol, string model) => protocol switch
    {
        AiProtocol.OpenAi => new OpenAiStreamReader(),
        AiProtocol.Anthropic => new AnthropicStreamReader(),
        _ => new GeminiStreamReader(model),
    };
}

/// <summary>An error event inside an upstream stream.</summary>
public sealed class UpstreamStreamException(string message) : Exception(message);

/// <summary>
/// OpenAI's chunk stream, shared by chat and legacy completions: <c>[DONE]</c> ends it, an <c>error</c> breaks it,
/// the first chunk starts the answer, each chunk's first choice carries content and a finish reason, and usage comes
/// in a chunk of its own. Subclasses read what a choice holds.
/// </summary>
public abstract class OpenAiChunkReader : IChatStreamReader
{
    private bool _started;

    public IReadOnlyList<ChatDelta> Read(SseEvent sse)
    {
        if (sse.Data == "[DONE]")
        {
            return [];
        }

        using var document = JsonDocument.Parse(sse.Data);
        var chunk = document.RootElement;
        if (chunk.Property("error") is { } error)
        {
            throw new UpstreamStreamException(error.OptionalString("message", "error") ?? "The provider reported an error.");
        }

        var deltas = new List<ChatDelta>();
        if (!_started)
        {
            _started = true;
            deltas.Add(new StartDelta(chunk.OptionalString("id", "chunk") ?? "", chunk.OptionalString("model", "chunk") ?? "", 0));
        }

        var choice = chunk.OptionalArray("choices", "chunk").FirstOrDefault();
        if (choice.ValueKind == JsonValueKind.Object)
        {
            ReadChoice(choice, deltas);
            if (OpenAiChatFormat.Stop(choice.OptionalString("finish_reason", "choice")) is { } stop)
            {
                deltas.Add(new FinishDelta(stop, null));
            }
        }

        if (chunk.Property("usage") is { ValueKind: JsonValueKind.Object } usage)
        {
            deltas.Add(new FinishDelta(null, OpenAiChatFormat.Usage(usage)));
        }

        return deltas;
    }

    /// <summary>The content of one chunk's choice (its finish reason is read here).</summary>
    protected abstract void ReadChoice(JsonElement choice, List<ChatDelta> deltas);
}

/// <summary>Chat chunks: text and tool-call fragments in <c>choices[0].delta</c>.</summary>
public sealed class OpenAiStreamReader : OpenAiChunkReader
{
    protected override void ReadChoice(JsonElement choice, List<ChatDelta> deltas)
    {
        var delta = choice.Property("delta") ?? Json.EmptyObject;
        if (delta.OptionalString("content", "delta") is { Length: > 0 } text)
        {
            deltas.Add(new TextDelta(text));
        }

        foreach (var call in delta.OptionalArray("tool_calls", "delta"))
        {
            var function = call.Property("function") ?? Json.EmptyObject;
            deltas.Add(new ToolCallDelta(call.OptionalInt("index", "tool_call") ?? 0, call.OptionalString("id", "tool_call"),
                function.OptionalString("name", "function"), function.OptionalString("arguments", "function") ?? ""));
        }
    }
}

public sealed class AnthropicStreamReader : IChatStreamReader
{
    private readonly Dictionary<int, int> _callOfBlock = [];
    private long _inputTokens;

    public IReadOnlyList<ChatDelta> Read(SseEvent sse)
    {
        using var document = JsonDocument.Parse(sse.Data);
        var data = document.RootElement;
        switch (data.OptionalString("type", "event") ?? sse.Event)
        {
            case "message_start":
                var message = data.Property("message") ?? Json.EmptyObject;
                _inputTokens = AnthropicMessagesFormat.Usage(message.Property("usage")).InputTokens;
                return [new StartDelta(message.OptionalString("id", "message") ?? "", message.OptionalString("model", "message") ?? "", _inputTokens)];
            case "content_block_start":
                var block = data.Property("content_block") ?? Json.EmptyObject;
                if (block.OptionalString("type", "content_block") != "tool_use")
                {
                    return block.OptionalString("text", "content_block") is { Length: > 0 } initial ? [new TextDelta(initial)] : [];
                }

                var call = _callOfBlock.Count;
                _callOfBlock[(int)data.Long("index")] = call;
                return [new ToolCallDelta(call, block.RequiredString("id", "content_block"), block.RequiredString("name", "content_block"), "")];
            case "content_block_delta":
                var delta = data.Property("delta") ?? Json.EmptyObject;
                return delta.OptionalString("type", "delta") switch
                {
                    "text_delta" => [new TextDelta(delta.OptionalString("text", "delta") ?? "")],
                    "input_json_delta" => [new ToolCallDelta(_callOfBlock.GetValueOrDefault((int)data.Long("index")), null, null,
                        delta.OptionalString("partial_json", "delta") ?? "")],
                    _ => [],
                };
            case "message_delta":
                var usage = data.Property("usage");
                var stop = AnthropicMessagesFormat.Stop((data.Property("delta") ?? Json.EmptyObject).OptionalString("stop_reason", "delta"));
                return [new FinishDelta(stop, usage is null ? null : new ChatUsage(Math.Max(_inputTokens, usage.Value.Long("input_tokens")), usage.Value.Long("output_tokens")))];
            case "error":
                throw new UpstreamStreamException((data.Property("error") ?? Json.EmptyObject).OptionalString("message", "error") ?? "The provider reported an error.");
            default:
                return [];
        }
    }
}

public sealed class GeminiStreamReader(string model) : IChatStreamReader
{
    private int _calls;
    private bool _started;

    public IReadOnlyList<ChatDelta> Read(SseEvent sse)
    {
        using var document = JsonDocument.Parse(sse.Data);
        var chunk = document.RootElement;
        if (chunk.Property("error") is { } error)
        {
            throw new UpstreamStreamException(error.OptionalString("message", "error") ?? "The provider reported an error.");
        }

        var deltas = new List<ChatDelta>();
        if (!_started)
        {
            _started = true;
            deltas.Add(new StartDelta(chunk.OptionalString("responseId", "chunk") ?? "", chunk.OptionalString("modelVersion", "chunk") ?? model, 0));
        }

        deltas.AddRange(GeminiFormat.ParseChunk(chunk, ref _calls));
        return deltas;
    }
}
