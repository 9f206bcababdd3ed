using System.Text.Json;
using System.Text.Json.Nodes;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>Writes AG-UI events as server-sent events (<c>data: {json}</c>), each flushed as it is written.</summary>
public sealed class AgUiEvents(HttpResponse response)
{
    public const string RunStarted = "RUN_STARTED";
    public const string RunFinished = "RUN_FINISHED";
    public const string RunError = "RUN_ERROR";
    public const string TextMessageStart = "TEXT_MESSAGE_START";
    public const string TextMessageContent = "TEXT_MESSAGE_CONTENT";
    public const string TextMessageEnd = "TEXT_MESSAGE_END";
    public const string ToolCallStart = "TOOL_CALL_START";
    public const string ToolCallArgs = "TOOL_CALL_ARGS";
    public const string ToolCallEnd = "TOOL_CALL_END";
    public const string ToolCallResult = "TOOL_CALL_RESULT";
    public const string StateSnapshot = "STATE_SNAPSHOT";

    public async Task WriteAsync(string type, JsonObject fields, CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            payload[name] = value;
        }

        await response.WriteAsync("data: " + payload.ToJsonString() + "\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public Task TextAsync(string messageId, string text, CancellationToken cancellationToken) => SequenceAsync(cancellationToken,
        (TextMessageStart, new JsonObject { ["messageId"] = messageId, ["role"] = "assistant" }),
        (TextMessageContent, new JsonObject { ["messageId"] = messageId, ["delta"] = text }),
        (TextMessageEnd, new JsonObject { ["messageId"] = messageId }));

    public Task ToolCallAsync(string callId, string name, string arguments, string? parentMessageId, CancellationToken cancellationToken)
    {
        var start = new JsonObject { ["toolCallId"] = callId, ["toolCallName"] = name };
        if (parentMessageId is not null)
        {
            start["parentMessageId"] = parentMessageId;
        }

        return arguments.Length == 0
            ? SequenceAsync(cancellationToken, (ToolCallStart, start), (ToolCallEnd, new JsonObject { ["toolCallId"] = callId }))
            : SequenceAsync(cancellationToken, (ToolCallStart, start), (ToolCallArgs, new JsonObject { ["toolCallId"] = callId, ["delta"] = arguments }),
                (ToolCallEnd, new JsonObject { ["toolCallId"] = callId }));
    }

    public Task ErrorAsync(string code, string message, CancellationToken cancellationToken) =>
        WriteAsync(RunError, new JsonObject { ["message"] = message, ["code"] = code }, cancellationToken);

    private async Task SequenceAsync(CancellationToken cancellationToken, params (string Type, JsonObject Fields)[] events)
    {
        foreach (var (type, fields) in events)
        {
            await WriteAsync(type, fields, cancellationToken);
        }
    }

    public static JsonNode? Clone(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } e ? JsonNode.Parse(e.GetRawText()) : null;
}
