using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// The caller's Responses stream, as OpenAI sends it: <c>response.created</c> and <c>response.in_progress</c>;
/// per output item <c>response.output_item.added</c>, then for a message <c>response.content_part.added</c>,
/// <c>response.output_text.delta</c>s, <c>response.output_text.done</c> and <c>response.content_part.done</c>, for a
/// function call <c>response.function_call_arguments.delta</c>s and <c>.done</c>, then
/// <c>response.output_item.done</c>; last <c>response.completed</c> (or <c>response.incomplete</c> when the output
/// bound cut it) with the whole response and its usage. Every event carries its <c>sequence_number</c>.
/// </summary>
public sealed class ResponsesStreamWriter(string model, long created) : IChatStreamWriter
{
    private readonly JsonArray _output = [];
    private readonly StringBuilder _content = new();
    private string _id = ChatIds.OpenAiResponse("");
    private string _model = model;
    private bool _started;
    private int _sequence;
    private string? _open; // "message" or "function_call"
    private string _itemId = "";
    private int _call = -1;
    private string _callId = "";
    private string _name = "";
    private bool _calledTools;
    private StopReason? _stop;
    private ChatUsage? _usage;

    public IEnumerable<SseEvent> Write(ChatDelta delta)
    {
        var events = new List<SseEvent>();
        if (!_started)
        {
            Start(delta as StartDelta, events);
        }

        switch (delta)
        {
            case TextDelta text:
                if (_open != "message")
                {
                    Close(events);
                    Open("message", ChatIds.OutputItem("msg_"), events);
                }

                _content.Append(text.Text);
                events.Add(Event("response.output_text.delta", new JsonObject
                {
                    ["item_id"] = _itemId, ["output_index"] = _output.Count, ["content_index"] = 0, ["delta"] = text.Text, ["logprobs"] = new JsonArray(),
                }));
                break;
            case ToolCallDelta call:
                if (_open != "function_call" || _call != call.Index || (call.Id is not null && call.Id != _callId))
                {
                    Close(events);
                    _call = call.Index;
                    _callId = call.Id ?? ChatIds.ToolCall(call.Index);
                    _name = call.Name ?? "";
                    _calledTools = true;
                    Open("function_call", ChatIds.OutputItem("fc_"), events);
                }

                if (call.Arguments.Length > 0)
                {
                    _content.Append(call.Arguments);
                    events.Add(Event("response.function_call_arguments.delta", new JsonObject
                    {
                        ["item_id"] = _itemId, ["output_index"] = _output.Count, ["delta"] = call.Arguments,
                    }));
                }

                break;
            case FinishDelta finish:
                _stop = finish.Reason ?? _stop;
                _usage = finish.Usage ?? _usage;
                break;
        }

        return events;
    }

    public IEnumerable<SseEvent> Complete()
    {
        var events = new List<SseEvent>();
        if (!_started)
        {
            Start(null, events);
        }

        Close(events);
        var stop = _stop is StopReason.MaxTokens or StopReason.ContentFilter ? _stop.Value : _calledTools ? StopReason.ToolUse : StopReason.EndTurn;
        var response = ResponsesOutput.Response(_id, _model, created, (JsonArray)_output.DeepClone(), stop, _usage ?? ChatUsage.None);
        events.Add(Event(response["status"]!.GetValue<string>() == "completed" ? "response.completed" : "response.incomplete",
            new JsonObject { ["response"] = response }));
        return events;
    }

    public SseEvent Error(string code, string message) =>
        Event("error", new JsonObject { ["code"] = code, ["message"] = message, ["param"] = null });

    private void Start(StartDelta? start, List<SseEvent> events)
    {
        _started = true;
        if (start is not null)
        {
            _id = ChatIds.OpenAiResponse(start.Id);
            _model = start.Model.Length > 0 ? start.Model : _model;
        }

        events.Add(Event("response.created", new JsonObject { ["response"] = ResponsesOutput.Response(_id, _model, created, [], null, null) }));
        events.Add(Event("response.in_progress", new JsonObject { ["response"] = ResponsesOutput.Response(_id, _model, created, [], null, null) }));
    }

    private void Open(string kind, string itemId, List<SseEvent> events)
    {
        _open = kind;
        _itemId = itemId;
        _content.Clear();
        var item = kind == "message"
            ? ResponsesOutput.Message(itemId, null, "in_progress")
            : ResponsesOutput.FunctionCall(itemId, _callId, _name, "", "in_progress");
        events.Add(Event("response.output_item.added", new JsonObject { ["output_index"] = _output.Count, ["item"] = item }));
        if (kind == "message")
        {
            events.Add(Event("response.content_part.added", new JsonObject
            {
                ["item_id"] = itemId, ["output_index"] = _output.Count, ["content_index"] = 0, ["part"] = ResponsesOutput.TextPart(""),
            }));
        }
    }

    private void Close(List<SseEvent> events)
    {
        if (_open is null)
        {
            return;
        }

        var content = _content.ToString();
        JsonObject item;
        if (_open == "message")
        {
            events.Add(Event("response.output_text.done", new JsonObject
            {
                ["item_id"] = _itemId, ["output_index"] = _output.Count, ["content_index"] = 0, ["text"] = content, ["logprobs"] = new JsonArray(),
            }));
            events.Add(Event("response.content_part.done", new JsonObject
            {
                ["item_id"] = _itemId, ["output_index"] = _output.Count, ["content_index"] = 0, ["part"] = ResponsesOutput.TextPart(content),
            }));
            item = ResponsesOutput.Message(_itemId, content, "completed");
        }
        else
        {
            content = content.Length == 0 ? "{}" : content; // A call without arguments still gives a JSON object.
            events.Add(Event("response.function_call_arguments.done", new JsonObject
            {
                ["item_id"] = _itemId, ["output_index"] = _output.Count, ["name"] = _name, ["arguments"] = content,
            }));
            item = ResponsesOutput.FunctionCall(_itemId, _callId, _name, content, "completed");
        }

        events.Add(Event("response.output_item.done", new JsonObject { ["output_index"] = _output.Count, ["item"] = item.DeepClone() }));
        _output.Add(item);
        _open = null;
        _call = -1;
    }

    private SseEvent Event(string type, JsonObject fields)
    {
        fields.Insert(0, "type", type);
        fields["sequence_number"] = _sequence++;
        return new SseEvent(type, fields.ToJsonString());
    }
}
