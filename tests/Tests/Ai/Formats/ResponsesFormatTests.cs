using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Tests.Ai.Formats;

/// <summary>The Responses format on its own: each input shape, the response object, the stream's events, and refusals.</summary>
public sealed class ResponsesFormatTests
{
    private static readonly IChatFormat Format = ChatFormats.OpenAiResponses;

    [Fact]
    public void ParseRequest_StringInput_IsOneUserTurn_UnderTheInstructions()
    {
        var request = Format.ParseRequest(Body("""{"model":"m","input":"hi","instructions":"Be brief.","metadata":{"a":"b"},"store":true,"user":"u1"}"""));

        Assert.Equal("m", request.Model);
        Assert.Equal("Be brief.", request.System);
        var turn = Assert.Single(request.Messages);
        Assert.Equal(ChatRole.User, turn.Role);
        Assert.Equal("hi", Assert.IsType<TextPart>(Assert.Single(turn.Parts)).Text);
        Assert.Null(request.MaxTokens);
        Assert.Equal(TokenBound.DefaultMaxOutputTokens, TokenBound.OutputBound(request));
        Assert.False(request.Stream);
    }

    [Fact]
    public void ParseRequest_Items_KeepMessagesPartsImagesCallsAndOutputs()
    {
        var request = Format.ParseRequest(Body("""
            {
              "model": "m", "instructions": "Sys.", "max_output_tokens": 200, "temperature": 0.5, "top_p": 0.9, "stream": true,
              "tool_choice": {"type": "function", "name": "get_weather"},
              "tools": [{"type": "function", "name": "get_weather", "description": "Weather now", "parameters": {"type": "object"}, "strict": true}],
              "input": [
                {"role": "developer", "content": "Dev."},
                {"type": "message", "role": "system", "content": [{"type": "input_text", "text": "More."}]},
                {"role": "user", "content": [
                  {"type": "input_text", "text": "What is this?"},
                  {"type": "input_image", "image_url": "data:image/png;base64,AAAA", "detail": "auto"},
                  {"type": "input_image", "image_url": "https://example.com/cat.png"}
                ]},
                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Let me look.", "annotations": []}]},
                {"type": "reasoning", "id": "rs_1", "summary": []},
                {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"},
                {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
                {"role": "user", "content": "Thanks"}
              ]
            }
            """));

        Assert.Equal("Sys.\n\nDev.\n\nMore.", request.System);
        Assert.Equal(200, request.MaxTokens);
        Assert.Equal(0.5, request.Temperature);
        Assert.Equal(0.9, request.TopP);
        Assert.True(request.Stream);
        Assert.Equal(new ToolChoice("tool", "get_weather"), request.ToolChoice);
        var tool = Assert.Single(request.Tools);
        Assert.Equal(("get_weather", "Weather now", "object"), (tool.Name, tool.Description, tool.Parameters.GetProperty("type").GetString()));

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], request.Messages.Select(t => t.Role));
        var user = request.Messages[0].Parts;
        Assert.Equal("What is this?", Assert.IsType<TextPart>(user[0]).Text);
        Assert.Equal(new ImagePart("image/png", "AAAA", null), user[1]);
        Assert.Equal(new ImagePart(null, null, "https://example.com/cat.png"), user[2]);
        var assistant = request.Messages[1].Parts;
        Assert.Equal("Let me look.", Assert.IsType<TextPart>(assistant[0]).Text);
        Assert.Equal(new ToolCallPart("call_1", "get_weather", "{\"city\":\"Paris\"}"), assistant[1]);
        var answer = request.Messages[2].Parts;
        Assert.Equal(new ToolResultPart("call_1", "sunny", false), answer[0]);
        Assert.Equal("Thanks", Assert.IsType<TextPart>(answer[1]).Text);
    }

    [Theory]
    [InlineData("""{"model":"m","input":"hi","previous_response_id":"resp_1"}""", "stores no responses")]
    [InlineData("""{"model":"m","input":"hi","conversation":"conv_1"}""", "stores no conversations")]
    [InlineData("""{"model":"m","input":"hi","background":true}""", "background")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"web_search"}]}""", "only function tools")]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"function","function":{"name":"f"}}]}""", "top level")]
    [InlineData("""{"model":"m","input":"hi","tool_choice":{"type":"web_search"}}""", "only a function tool")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"x","schema":{}}}}""", "structured outputs")]
    [InlineData("""{"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}""", "stores no items")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file_1"}]}]}""", "image_url")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"file_1"}]}]}""", "input_file")]
    [InlineData("""{"model":"m","input":[{"type":"web_search_call","id":"ws_1"}]}""", "web_search_call")]
    [InlineData("""{"model":"m","input":[{"role":"tool","content":"x"}]}""", "role 'tool'")]
    [InlineData("""{"model":"m","input":[]}""", "at least one message")]
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":0}""", "max_output_tokens")]
    [InlineData("""{"model":"m"}""", "input is required")]
    [InlineData("""{"input":"hi"}""", "model")]
    [InlineData("""[1]""", "JSON object")]
    public void ParseRequest_WhatTheFormatCannotExpress_IsRefusedSayingWhy(string body, string mentioned)
    {
        var error = Assert.Throws<ChatFormatException>(() => Format.ParseRequest(Body(body)));
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteResponse_TextAndToolCall_HasTheResponsesShape()
    {
        var result = new ChatResult("msg_abc", "served", [new TextPart("Hello"), new TextPart(" there"), new ToolCallPart("toolu_1", "get_weather", "{\"city\":\"Paris\"}")],
            StopReason.ToolUse, new ChatUsage(11, 7, 3));

        var response = Reparse(Format.WriteResponse(result, 1234));

        Assert.StartsWith("resp_", response["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("response", response["object"]!.GetValue<string>());
        Assert.Equal(1234, response["created_at"]!.GetValue<long>());
        Assert.Equal("completed", response["status"]!.GetValue<string>());
        Assert.Null(response["incomplete_details"]);
        Assert.Equal("served", response["model"]!.GetValue<string>());
        var output = response["output"]!.AsArray();
        Assert.Equal(2, output.Count);
        Assert.Equal("message", output[0]!["type"]!.GetValue<string>());
        Assert.StartsWith("msg_", output[0]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("completed", "assistant"), (output[0]!["status"]!.GetValue<string>(), output[0]!["role"]!.GetValue<string>()));
        var part = output[0]!["content"]![0]!;
        Assert.Equal(("output_text", "Hello there", 0), (part["type"]!.GetValue<string>(), part["text"]!.GetValue<string>(), part["annotations"]!.AsArray().Count));
        var call = output[1]!;
        Assert.Equal("function_call", call["type"]!.GetValue<string>());
        Assert.StartsWith("fc_", call["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("toolu_1", "get_weather", "{\"city\":\"Paris\"}", "completed"),
            (call["call_id"]!.GetValue<string>(), call["name"]!.GetValue<string>(), call["arguments"]!.GetValue<string>(), call["status"]!.GetValue<string>()));
        var usage = response["usage"]!;
        Assert.Equal(11, usage["input_tokens"]!.GetValue<long>());
        Assert.Equal(3, usage["input_tokens_details"]!["cached_tokens"]!.GetValue<long>());
        Assert.Equal(7, usage["output_tokens"]!.GetValue<long>());
        Assert.Equal(0, usage["output_tokens_details"]!["reasoning_tokens"]!.GetValue<long>());
        Assert.Equal(18, usage["total_tokens"]!.GetValue<long>());
    }

    [Fact]
    public void WriteResponse_CutByTheOutputBound_IsIncomplete()
    {
        var response = Reparse(Format.WriteResponse(new ChatResult("", "m", [new TextPart("Hel")], StopReason.MaxTokens, new ChatUsage(1, 2)), 1));

        Assert.Equal("incomplete", response["status"]!.GetValue<string>());
        Assert.Equal("max_output_tokens", response["incomplete_details"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void ParseResponse_ReadsTextCallsStatusAndUsage()
    {
        var result = Format.ParseResponse(Body("""
            {"id":"resp_1","object":"response","status":"completed","model":"gpt-x","output":[
              {"type":"reasoning","id":"rs_1","summary":[]},
              {"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]}]},
              {"type":"function_call","id":"fc_1","call_id":"call_1","name":"f","arguments":"{}"}],
             "usage":{"input_tokens":20,"input_tokens_details":{"cached_tokens":5},"output_tokens":9,"total_tokens":29}}
            """), "fallback");

        Assert.Equal(("resp_1", "gpt-x", StopReason.ToolUse), (result.Id, result.Model, result.Stop));
        Assert.Equal([new TextPart("Hi"), new ToolCallPart("call_1", "f", "{}")], result.Content);
        Assert.Equal(new ChatUsage(20, 9, 5), result.Usage);

        var cut = Format.ParseResponse(Body("""{"status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[]}"""), "m");
        Assert.Equal(StopReason.MaxTokens, cut.Stop);
        Assert.Throws<ChatFormatException>(() => Format.ParseResponse(Body("""{"status":"failed","error":{"message":"boom"},"output":[]}"""), "m"));
    }

    [Fact]
    public void WriteRequest_ReadsBackAsTheSameRequest()
    {
        var original = Format.ParseRequest(Body("""
            {"model":"m","instructions":"Sys.","max_output_tokens":50,"temperature":0.2,"tool_choice":"required","stream":true,
             "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],
             "input":[{"role":"user","content":[{"type":"input_text","text":"a"},{"type":"input_image","image_url":"data:image/png;base64,AAAA"}]},
                      {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                      {"type":"function_call_output","call_id":"c1","output":"ok"}]}
            """));

        var written = Format.WriteRequest(original, "target");
        var again = Format.ParseRequest(Body(written.ToJsonString()));

        Assert.Equal("target", again.Model);
        Assert.Equal(50, written["max_output_tokens"]!.GetValue<int>());
        Assert.Equal((original.System, original.MaxTokens, original.Temperature, original.ToolChoice, original.Stream),
            (again.System, again.MaxTokens, again.Temperature, again.ToolChoice, again.Stream));
        Assert.Equal(original.Messages.Select(t => (t.Role, string.Join("|", t.Parts))), again.Messages.Select(t => (t.Role, string.Join("|", t.Parts))));
        Assert.Equal("f", Assert.Single(again.Tools).Name);
    }

    [Fact]
    public void PassThrough_SetsTheTargetAndTheReservedBound_AndKeepsTheRest()
    {
        var body = Body("""{"model":"alias","input":"hi","reasoning":{"effort":"low"},"include":["reasoning.encrypted_content"],"store":false}""");
        var request = Format.ParseRequest(body) with { MaxTokens = 4096 };

        var upstream = Format.PassThrough(body, request, "gpt-target", "openai");

        Assert.Equal("gpt-target", upstream["model"]!.GetValue<string>());
        Assert.Equal(4096, upstream["max_output_tokens"]!.GetValue<int>());
        Assert.Equal("low", upstream["reasoning"]!["effort"]!.GetValue<string>());
        Assert.Equal("reasoning.encrypted_content", upstream["include"]![0]!.GetValue<string>());

        var bounded = Body("""{"model":"alias","input":"hi","max_output_tokens":64}""");
        Assert.Equal(64, Format.PassThrough(bounded, Format.ParseRequest(bounded) with { MaxTokens = 64 }, "t", "openai")["max_output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void StreamWriter_Text_EmitsOpenAisEventSequence_NumberedFromZero()
    {
        var events = Stream(Format.StreamWriter("m", 99),
            new StartDelta("msg_up", "served", 11), new TextDelta("Hel"), new TextDelta("lo"), new FinishDelta(StopReason.EndTurn, new ChatUsage(11, 7)));

        Assert.Equal(
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
            "response.output_item.done", "response.completed",
        ], events.Select(e => e.Event));
        var data = events.Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal(Enumerable.Range(0, events.Count), data.Select(d => d["sequence_number"]!.GetValue<int>()));
        Assert.All(events.Zip(data), e => Assert.Equal(e.First.Event, e.Second["type"]!.GetValue<string>()));

        var created = data[0]["response"]!;
        Assert.Equal(("in_progress", "served", 99), (created["status"]!.GetValue<string>(), created["model"]!.GetValue<string>(), created["created_at"]!.GetValue<int>()));
        var itemId = data[2]["item"]!["id"]!.GetValue<string>();
        Assert.Equal(("message", "in_progress"), (data[2]["item"]!["type"]!.GetValue<string>(), data[2]["item"]!["status"]!.GetValue<string>()));
        Assert.Equal(0, data[2]["output_index"]!.GetValue<int>());
        Assert.Equal("", data[3]["part"]!["text"]!.GetValue<string>());
        foreach (var delta in data.Skip(4).Take(2))
        {
            Assert.Equal((itemId, 0, 0), (delta["item_id"]!.GetValue<string>(), delta["output_index"]!.GetValue<int>(), delta["content_index"]!.GetValue<int>()));
        }

        Assert.Equal("Hello", string.Concat(data.Skip(4).Take(2).Select(d => d["delta"]!.GetValue<string>())));
        Assert.Equal("Hello", data[6]["text"]!.GetValue<string>());
        Assert.Equal("Hello", data[7]["part"]!["text"]!.GetValue<string>());
        Assert.Equal("completed", data[8]["item"]!["status"]!.GetValue<string>());
        var completed = data[9]["response"]!;
        Assert.Equal(created["id"]!.GetValue<string>(), completed["id"]!.GetValue<string>());
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("Hello", completed["output"]![0]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal((11, 7, 18), (completed["usage"]!["input_tokens"]!.GetValue<int>(), completed["usage"]!["output_tokens"]!.GetValue<int>(),
            completed["usage"]!["total_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public void StreamWriter_TextThenToolCall_OpensAFunctionCallItemWithArgumentDeltas()
    {
        var events = Stream(Format.StreamWriter("m", 1),
            new StartDelta("", "m", 0), new TextDelta("Checking."), new ToolCallDelta(0, "toolu_1", "get_weather", ""),
            new ToolCallDelta(0, null, null, "{\"city\":"), new ToolCallDelta(0, null, null, "\"Paris\"}"), new FinishDelta(StopReason.ToolUse, new ChatUsage(3, 4)));

        var names = events.Select(e => e.Event).ToList();
        Assert.Equal(
        [
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
            "response.function_call_arguments.done", "response.output_item.done", "response.completed",
        ], names.Skip(names.IndexOf("response.output_item.done") + 1));
        var data = events.Select(e => JsonNode.Parse(e.Data)!).ToList();
        var added = data[names.LastIndexOf("response.output_item.added")];
        Assert.Equal(1, added["output_index"]!.GetValue<int>());
        var item = added["item"]!;
        Assert.Equal(("function_call", "toolu_1", "get_weather", ""),
            (item["type"]!.GetValue<string>(), item["call_id"]!.GetValue<string>(), item["name"]!.GetValue<string>(), item["arguments"]!.GetValue<string>()));
        var done = data[names.IndexOf("response.function_call_arguments.done")];
        Assert.Equal(("{\"city\":\"Paris\"}", "get_weather", item["id"]!.GetValue<string>()),
            (done["arguments"]!.GetValue<string>(), done["name"]!.GetValue<string>(), done["item_id"]!.GetValue<string>()));
        var output = data[^1]["response"]!["output"]!.AsArray();
        Assert.Equal(["message", "function_call"], output.Select(o => o!["type"]!.GetValue<string>()));
        Assert.Equal("{\"city\":\"Paris\"}", output[1]!["arguments"]!.GetValue<string>());
    }

    [Fact]
    public void StreamWriter_CutByTheOutputBound_EndsWithResponseIncomplete_AndAnEmptyStreamStillOpensAndCloses()
    {
        var cut = Stream(Format.StreamWriter("m", 1), new TextDelta("Hel"), new FinishDelta(StopReason.MaxTokens, new ChatUsage(1, 1)));
        var last = JsonNode.Parse(cut[^1].Data)!;
        Assert.Equal("response.incomplete", cut[^1].Event);
        Assert.Equal("max_output_tokens", last["response"]!["incomplete_details"]!["reason"]!.GetValue<string>());

        var empty = Stream(Format.StreamWriter("m", 1));
        Assert.Equal(["response.created", "response.in_progress", "response.completed"], empty.Select(e => e.Event));

        var error = JsonNode.Parse(Format.StreamWriter("m", 1).Error("provider_error", "gone").Data)!;
        Assert.Equal(("error", "provider_error", "gone"), (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
    }

    [Fact]
    public void StreamReader_ReadsTheWritersStream_TextCallsAndUsageFromTheClosingEvent()
    {
        var written = Stream(Format.StreamWriter("m", 1),
            new StartDelta("resp_x", "served", 0), new TextDelta("Hi"), new ToolCallDelta(0, "call_1", "f", "{}"), new FinishDelta(StopReason.ToolUse, new ChatUsage(20, 9, 5)));
        var reader = Format.StreamReader("m");

        var deltas = written.SelectMany(reader.Read).ToList();

        Assert.Equal(new StartDelta("resp_x", "served", 0), deltas[0]);
        Assert.Equal(new TextDelta("Hi"), deltas[1]);
        Assert.Equal(new ToolCallDelta(0, "call_1", "f", ""), deltas[2]);
        Assert.Equal(new ToolCallDelta(0, null, null, "{}"), deltas[3]);
        Assert.Equal(new FinishDelta(StopReason.ToolUse, new ChatUsage(20, 9, 5)), Assert.Single(deltas.OfType<FinishDelta>()));
    }

    [Fact]
    public void StreamReader_UsageOfAnIncompleteResponse_AndErrors()
    {
        var reader = Format.StreamReader("m");
        var incomplete = reader.Read(new SseEvent("response.incomplete", """
            {"type":"response.incomplete","sequence_number":9,"response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},
             "output":[],"usage":{"input_tokens":4,"output_tokens":16,"total_tokens":20}}}
            """));
        Assert.Equal(new FinishDelta(StopReason.MaxTokens, new ChatUsage(4, 16)), Assert.Single(incomplete));
        Assert.Empty(reader.Read(new SseEvent("response.output_text.done", """{"type":"response.output_text.done","text":"x"}""")));

        var failed = Assert.Throws<UpstreamStreamException>(() => reader.Read(new SseEvent("response.failed",
            """{"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"melted"}}}""")));
        Assert.Equal("melted", failed.Message);
        Assert.Throws<UpstreamStreamException>(() => reader.Read(new SseEvent("error", """{"type":"error","code":"x","message":"bad"}""")));
    }

    private static List<SseEvent> Stream(IChatStreamWriter writer, params ChatDelta[] deltas) => [.. deltas.SelectMany(writer.Write), .. writer.Complete()];

    private static JsonNode Reparse(JsonObject written) => JsonNode.Parse(written.ToJsonString())!;

    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement;
}
