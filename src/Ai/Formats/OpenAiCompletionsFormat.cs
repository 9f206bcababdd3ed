using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// OpenAI's legacy Completions (<c>/v1/completions</c>), which autocomplete plug-ins such as Continue call. One prompt
/// (a string, or an array holding one string), an optional fill-in-the-middle <c>suffix</c>, one choice: <c>n</c>,
/// <c>best_of</c> above 1, <c>echo</c>, <c>logprobs</c> and token-array prompts are refused. A provider that speaks
/// Completions gets the prompt as sent; a chat provider gets it as one user turn under an instruction to answer with
/// the continuation (or the text that fills the gap) only. <c>max_tokens</c> defaults to 16, as OpenAI's does.
/// </summary>
public sealed class OpenAiCompletionsFormat : IChatFormat
{
    public const int DefaultMaxTokens = 16;

    private const string ContinueInstruction =
        "You are a text completion engine. Continue the user's text exactly where it stops. Answer with the continuation only: "
        + "no explanation, no repetition of the text, no quotes or code fences.";

    private const string FillInstruction =
        "You are a code and text completion engine. The user gives the text before a gap inside <prefix></prefix> and the text after it "
        + "inside <suffix></suffix>. Answer with only the text that fills the gap: no explanation, no repetition, no tags, no code fences.";

    public static OpenAiCompletionsFormat Instance { get; } = new();

    public string Name => "completions";

    public ChatRequest ParseRequest(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatFormatException("The body must be a JSON object.");
        }

        var prompt = body.Property("prompt") switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString()!,
            { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() == 1 && list[0].ValueKind == JsonValueKind.String => list[0].GetString()!,
            { ValueKind: JsonValueKind.Array } => throw new ChatFormatException("body.prompt may hold one string; send one request per prompt (token arrays are not accepted)."),
            null => throw new ChatFormatException("body.prompt is required."),
            _ => throw new ChatFormatException("body.prompt must be a string."),
        };
        var suffix = body.OptionalString("suffix", "body");
        if (body.OptionalInt("n", "body") is > 1 || body.OptionalInt("best_of", "body") is > 1)
        {
            throw new ChatFormatException("n and best_of above 1 are not supported: one choice per request.");
        }

        if (body.OptionalBool("echo", "body"))
        {
            throw new ChatFormatException("echo is not supported.");
        }

        if (body.Property("logprobs") is { ValueKind: not JsonValueKind.Null })
        {
            throw new ChatFormatException("logprobs is not supported.");
        }

        var maxTokens = body.OptionalInt("max_tokens", "body") ?? DefaultMaxTokens;
        if (maxTokens < 1)
        {
            throw new ChatFormatException("body.max_tokens must be at least 1.");
        }

        var fill = !string.IsNullOrEmpty(suffix);
        var turn = new ChatTurn(ChatRole.User, [new TextPart(fill ? $"<prefix>{prompt}</prefix><suffix>{suffix}</suffix>" : prompt)]);
        return new ChatRequest(
            body.RequiredString("model", "body"),
            fill ? FillInstruction : ContinueInstruction,
            [turn],
            maxTokens,
            body.OptionalDouble("temperature", "body"),
            body.OptionalDouble("top_p", "body"),
            body.StringOrArray("stop", "body"),
            [],
            null,
            body.OptionalBool("stream", "body"),
            new TextCompletion(prompt, fill ? suffix : null));
    }

    public JsonObject WriteRequest(ChatRequest request, string model)
    {
        var completion = request.Completion ?? new TextCompletion(
            string.Concat(request.Messages.SelectMany(t => t.Parts).OfType<TextPart>().Select(p => p.Text)), null);
        var body = new JsonObject { ["model"] = model, ["prompt"] = completion.Prompt };
        if (completion.Suffix is not null)
        {
            body["suffix"] = completion.Suffix;
        }

        SamplingFields.Write(body, request, "max_tokens", "temperature", "top_p", "stop");
        if (request.Stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    public ChatResult ParseResponse(JsonElement body, string model)
    {
        var choice = body.RequiredArray("choices", "response").FirstOrDefault();
        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw new ChatFormatException("response.choices is empty.");
        }

        var text = choice.OptionalString("text", "choice") ?? "";
        return new ChatResult(body.OptionalString("id", "response") ?? "", body.OptionalString("model", "response") ?? model,
            text.Length == 0 ? [] : [new TextPart(text)], OpenAiChatFormat.Stop(choice.OptionalString("finish_reason", "choice")) ?? StopReason.EndTurn,
            OpenAiChatFormat.Usage(body.Property("usage")));
    }

    public JsonObject WriteResponse(ChatResult result, long created) => new()
    {
        ["id"] = CompletionId(result.Id),
        ["object"] = "text_completion",
        ["created"] = created,
        ["model"] = result.Model,
        ["choices"] = new JsonArray(Choice(string.Concat(result.Content.OfType<TextPart>().Select(p => p.Text)), OpenAiChatFormat.FinishReason(result.Stop))),
        ["usage"] = OpenAiChatFormat.WriteUsage(result.Usage),
    };

    public IChatStreamReader StreamReader(string model) => new Reader();

    public IChatStreamWriter StreamWriter(string model, long created) => new Writer(model, created);

    public JsonObject Error(int status, string code, string message) => OpenAiChatFormat.Error(status, code, message);

    public JsonObject PassThrough(JsonElement body, ChatRequest request, string model, string providerKind)
    {
        var upstream = JsonNode.Parse(body.GetRawText())!.AsObject();
        upstream["model"] = model;
        upstream["max_tokens"] = request.MaxTokens;
        if (request.Stream)
        {
            var options = upstream["stream_options"] as JsonObject ?? [];
            options["include_usage"] = true;
            upstream["stream_options"] = options;
        }

        return upstream;
    }

    internal static string CompletionId(string id) => id.StartsWith("cmpl-", StringComparison.Ordinal) ? id
        : "cmpl-" + (id.Length > 0 ? id.Replace(' ', '_') : Guid.NewGuid().ToString("N"));

    private static JsonObject Choice(string text, string? finishReason) => new()
    {
        ["text"] = text, ["index"] = 0, ["logprobs"] = null, ["finish_reason"] = finishReason,
    };

    /// <summary>A provider's completion chunks: text in <c>choices[0].text</c>, usage in a last chunk.</summary>
    private sealed class Reader : OpenAiChunkReader
    {
        protected override void ReadChoice(JsonElement choice, List<ChatDelta> deltas)
        {
            if (choice.OptionalString("text", "choice") is { Length: > 0 } text)
            {
                deltas.Add(new TextDelta(text));
            }
        }
    }

    /// <summary>The caller's completion chunks, a usage chunk when the usage is known, then <c>[DONE]</c>.</summary>
    private sealed class Writer(string model, long created) : IChatStreamWriter
    {
        private string _id = CompletionId("");
        private string _model = model;
        private ChatUsage? _usage;

        public IEnumerable<SseEvent> Write(ChatDelta delta)
        {
            switch (delta)
            {
                case StartDelta start:
                    _id = CompletionId(start.Id);
                    _model = start.Model.Length > 0 ? start.Model : _model;
                    break;
                case TextDelta text:
                    yield return Chunk(new JsonArray(Choice(text.Text, null)), null);
                    break;
                case FinishDelta finish:
                    _usage = finish.Usage ?? _usage;
                    if (finish.Reason is { } reason)
                    {
                        yield return Chunk(new JsonArray(Choice("", OpenAiChatFormat.FinishReason(reason))), null);
                    }

                    break;
            }
        }

        public IEnumerable<SseEvent> Complete()
        {
            if (_usage is { } usage)
            {
                yield return Chunk(new JsonArray(), usage);
            }

            yield return new SseEvent(null, "[DONE]");
        }

        public SseEvent Error(string code, string message) => new(null, OpenAiChatFormat.Error(502, code, message).ToJsonString());

        private SseEvent Chunk(JsonArray choices, ChatUsage? usage)
        {
            var chunk = new JsonObject { ["id"] = _id, ["object"] = "text_completion", ["created"] = created, ["model"] = _model, ["choices"] = choices };
            if (usage is not null)
            {
                chunk["usage"] = OpenAiChatFormat.WriteUsage(usage);
            }

            return new SseEvent(null, chunk.ToJsonString());
        }
    }
}
