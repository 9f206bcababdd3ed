using System.Text.Json;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// An OpenAI provider's Responses stream, read while it passes through to a Responses caller: text and function
/// call deltas for the meter, the usage from the closing <c>response.completed</c> or <c>response.incomplete</c>,
/// and <c>error</c> or <c>response.failed</c> as a broken stream.
/// </summary>
public sealed class ResponsesStreamReader : IChatStreamReader
{
    private readonly Dictionary<long, int> _callOfItem = [];

    public IReadOnlyList<ChatDelta> Read(SseEvent sse)
    {
        using var document = JsonDocument.Parse(sse.Data);
        var data = document.RootElement;
        switch (data.OptionalString("type", "event") ?? sse.Event)
        {
            case "response.created":
                var created = data.Property("response") ?? Json.EmptyObject;
                return [new StartDelta(created.OptionalString("id", "response") ?? "", created.OptionalString("model", "response") ?? "", 0)];
            case "response.output_text.delta":
                return data.OptionalString("delta", "event") is { Length: > 0 } text ? [new TextDelta(text)] : [];
            case "response.output_item.added":
                var item = data.Property("item") ?? Json.EmptyObject;
                if (item.OptionalString("type", "item") != "function_call")
                {
                    return [];
                }

                var call = _callOfItem.Count;
                _callOfItem[data.Long("output_index")] = call;
                return [new ToolCallDelta(call, item.OptionalString("call_id", "item") ?? "", item.OptionalString("name", "item") ?? "",
                    item.OptionalString("arguments", "item") ?? "")];
            case "response.function_call_arguments.delta":
                return [new ToolCallDelta(_callOfItem.GetValueOrDefault(data.Long("output_index")), null, null, data.OptionalString("delta", "event") ?? "")];
            case "response.completed" or "response.incomplete":
                var response = data.Property("response") ?? Json.EmptyObject;
                var usage = response.Property("usage") is { ValueKind: JsonValueKind.Object } reported ? ResponsesOutput.Usage(reported) : null;
                return [new FinishDelta(ResponsesOutput.Stop(response, _callOfItem.Count > 0), usage)];
            case "response.failed":
                var error = (data.Property("response") ?? Json.EmptyObject).Property("error") ?? Json.EmptyObject;
                throw new UpstreamStreamException(error.OptionalString("message", "error") ?? "The provider reported a failed response.");
            case "error":
                throw new UpstreamStreamException(data.OptionalString("message", "error") ?? "The provider reported an error.");
            default:
                return [];
        }
    }
}
