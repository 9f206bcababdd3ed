using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Protocols;

/// <summary>Writes neutral deltas as a caller's stream events; one instance per stream (it keeps state).</summary>
public interface IChatStreamWriter
{
    IEnumerable<SseEvent> Write(ChatDelta delta);

    /// <summary>The closing events once the upstream stream ended well.</summary>
    IEnumerable<SseEvent> Complete();

    /// <summary>An error event for a stream that broke after it started.</summary>
    SseEvent Error(string code, string message);

    public static IChatStreamWriter For(AiProtocol protocol, string model, long created) => protocol switch
    {
        AiProtocol.Anthropic => new AnthropicStreamWriter(model),
        _ => new OpenAiStreamWriter(model, created),
    };
}

public sealed class OpenAiStreamWriter(string model, long created) : IChatStreamWriter
{
    private string _id = ChatIds.OpenAi("");
    private string _model = model;
    private bool _started;
    private ChatUsage? _usage;

    public IEnumerable<SseEvent> Write(ChatDelta delta)
    {
        if (delta is StartDelta start)
        {
            _id = ChatIds.OpenAi(start.Id);
            _model = start.Model.Length > 0 ? start.Model : _model;
        }

        if (!_started)
        {
            _started = true;
            yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        }

        switch (delta)
        {
            case TextDelta text:
                yield return Chunk(new JsonObject { ["content"] = text.Text }, null);
                break;
            case ToolCallDelta call:
                var function = new JsonObject { ["arguments"] = call.Arguments };
                var entry = new JsonObject { ["index"] = call.Index };
                if (call.Id is not null)
                {
                    entry["id"] = call.Id;
                    entry["type"] = "function";
                    function["name"] = call.Name;
                }

                entry["function"] = function;
                yield return Chunk(new JsonObject { ["tool_calls"] = new JsonArray(entry) }, null);
                break;
            case FinishDelta finish:
                _usage = finish.Usage ?? _usage;
                if (finish.Reason is { } reason)
                {
                    yield return Chunk(new JsonObject(), OpenAiChatFormat.FinishReason(reason));
                }

                break;
        }
    }

    public IEnumerable<SseEvent> Complete()
    {
        if (_usage is { } usage)
        {
            yield return new SseEvent(null, Envelope(new JsonArray(), usage).ToJsonString());
        }

        yield return new SseEvent(null, "[DONE]");
    }

    public SseEvent Error(string code, string message) => new(null, OpenAiChatFormat.Error(502, code, message).ToJsonString());

    private SseEvent Chunk(JsonObject delta, string? finishReason) => new(null, Envelope(new JsonArray(new JsonObject
    {
        ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason,
    }), null).ToJsonString());

    private JsonObject Envelope(JsonArray choices, ChatUsage? usage)
    {
        var chunk = new JsonObject { ["id"] = _id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = _model, ["choices"] = choices };
        if (usage is not null)
        {
            chunk["usage"] = OpenAiChatFormat.WriteUsage(usage);
        }

        return chunk;
    }
}

public sealed class AnthropicStreamWriter(string model) : IChatStreamWriter
{
    private bool _started;
    private int _blocks;
    private string? _openBlock; // "text" or "tool_use"
    private int _openCall = -1;
    private StopReason? _stop;
    private ChatUsage? _usage;

    public IEnumerable<SseEvent> Write(ChatDelta delta)
    {
        if (!_started)
        {
            _started = true;
            var start = delta as StartDelta;
            yield return Event("message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = ChatIds.Anthropic(start?.Id ?? ""),
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = start?.Model is { Length: > 0 } m ? m : model,
                    ["content"] = new JsonArray(),
                    ["stop_reason"] = null,
                    ["stop_sequence"] = null,
                    ["usage"] = new JsonObject { ["input_tokens"] = start?.InputTokens ?? 0, ["output_tokens"] = 0 },
                },
            });
        }

        switch (delta)
        {
            case TextDelta text:
                if (_openBlock != "text")
                {
                    foreach (var e in CloseBlock())
                    {
                        yield return e;
                    }

                    _openBlock = "text";
                    yield return Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start", ["index"] = _blocks, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
                    });
                }

                yield return Delta(new JsonObject { ["type"] = "text_delta", ["text"] = text.Text });
                break;
            case ToolCallDelta call:
                if (call.Id is not null || _openBlock != "tool_use" || _openCall != call.Index)
                {
                    foreach (var e in CloseBlock())
                    {
                        yield return e;
                    }

                    _openBlock = "tool_use";
                    _openCall = call.Index;
                    yield return Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start",
                        ["index"] = _blocks,
                        ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id ?? ChatIds.ToolCall(call.Index), ["name"] = call.Name ?? "", ["input"] = new JsonObject() },
                    });
                }

                if (call.Arguments.Length > 0)
                {
                    yield return Delta(new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = call.Arguments });
                }

                break;
            case FinishDelta finish:
                _stop = finish.Reason ?? _stop;
                _usage = finish.Usage ?? _usage;
                break;
        }
    }

    public IEnumerable<SseEvent> Complete()
    {
        foreach (var e in Write(new FinishDelta(null, null)))
        {
            yield return e; // Starts the message if the stream was empty.
        }

        foreach (var e in CloseBlock())
        {
            yield return e;
        }

        var usage = _usage ?? ChatUsage.None;
        yield return Event("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = AnthropicMessagesFormat.StopReasonName(_stop ?? StopReason.EndTurn), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["input_tokens"] = usage.InputTokens, ["output_tokens"] = usage.OutputTokens },
        });
        yield return Event("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    public SseEvent Error(string code, string message) => Event("error", AnthropicMessagesFormat.Error(502, code, message));

    private IEnumerable<SseEvent> CloseBlock()
    {
        if (_openBlock is null)
        {
            yield break;
        }

        yield return Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = _blocks });
        _blocks++;
        _openBlock = null;
        _openCall = -1;
    }

    private SseEvent Delta(JsonObject delta) =>
        Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = _blocks, ["delta"] = delta });

    private static SseEvent Event(string name, JsonObject data) => new(name, data.ToJsonString());
}
