using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Formats;

/// <summary>The formats spoken: each caller endpoint and each provider kind picks one of these once per call.</summary>
public static class ChatFormats
{
    public static IChatFormat OpenAiChat { get; } = new OpenAiChatAdapter();

    public static IChatFormat AnthropicMessages { get; } = new AnthropicMessagesAdapter();

    public static IChatFormat Gemini { get; } = new GeminiAdapter();

    public static IChatFormat OpenAiCompletions => OpenAiCompletionsFormat.Instance;

    public static IChatFormat OpenAiResponses => OpenAiResponsesFormat.Instance;

    /// <summary>The chat format a provider protocol speaks.</summary>
    public static IChatFormat For(AiProtocol protocol) => protocol switch
    {
        AiProtocol.Anthropic => AnthropicMessages,
        AiProtocol.Gemini => Gemini,
        _ => OpenAiChat,
    };

    private sealed class OpenAiChatAdapter : IChatFormat
    {
        public string Name => "chat.completions";

        public ChatRequest ParseRequest(JsonElement body) => OpenAiChatFormat.ParseRequest(body);

        public JsonObject WriteRequest(ChatRequest request, string model) => OpenAiChatFormat.WriteRequest(request, model);

        public ChatResult ParseResponse(JsonElement body, string model) => OpenAiChatFormat.ParseResponse(body);

        public JsonObject WriteResponse(ChatResult result, long created) => OpenAiChatFormat.WriteResponse(result, created);

        public IChatStreamReader StreamReader(string model) => new OpenAiStreamReader();

        public IChatStreamWriter StreamWriter(string model, long created) => new OpenAiStreamWriter(model, created);

        public JsonObject Error(int status, string code, string message) => OpenAiChatFormat.Error(status, code, message);

        public JsonObject PassThrough(JsonElement body, ChatRequest request, string model, string providerKind)
        {
            var upstream = JsonNode.Parse(body.GetRawText())!.AsObject();
            upstream["model"] = model;
            if (upstream["max_tokens"] is null && upstream["max_completion_tokens"] is null)
            {
                // The reservation assumed this bound; OpenAI's own API names it max_completion_tokens, servers that copy it max_tokens.
                upstream[providerKind == Configuration.ProviderKinds.OpenAi ? "max_completion_tokens" : "max_tokens"] = request.MaxTokens;
            }

            if (request.Stream)
            {
                // Usage is what we meter: ask for it at the end of the stream.
                var options = upstream["stream_options"] as JsonObject ?? [];
                options["include_usage"] = true;
                upstream["stream_options"] = options;
            }

            return upstream;
        }
    }

    private sealed class AnthropicMessagesAdapter : IChatFormat
    {
        public string Name => "messages";

        public ChatRequest ParseRequest(JsonElement body) => AnthropicMessagesFormat.ParseRequest(body);

        public JsonObject WriteRequest(ChatRequest request, string model) => AnthropicMessagesFormat.WriteRequest(request, model);

        public ChatResult ParseResponse(JsonElement body, string model) => AnthropicMessagesFormat.ParseResponse(body);

        public JsonObject WriteResponse(ChatResult result, long created) => AnthropicMessagesFormat.WriteResponse(result);

        public IChatStreamReader StreamReader(string model) => new AnthropicStreamReader();

        public IChatStreamWriter StreamWriter(string model, long created) => new AnthropicStreamWriter(model);

        public JsonObject Error(int status, string code, string message) => AnthropicMessagesFormat.Error(status, code, message);
    }

    /// <summary>Gemini is only ever a provider's format: callers speak OpenAI's or Anthropic's.</summary>
    private sealed class GeminiAdapter : IChatFormat
    {
        public string Name => "gemini";

        public ChatRequest ParseRequest(JsonElement body) => throw new ChatFormatException("Gemini requests are not accepted from callers.");

        public JsonObject WriteRequest(ChatRequest request, string model) => GeminiFormat.WriteRequest(request);

        public ChatResult ParseResponse(JsonElement body, string model) => GeminiFormat.ParseResponse(body, model);

        public JsonObject WriteResponse(ChatResult result, long created) => throw new NotSupportedException("Gemini is a provider format only.");

        public IChatStreamReader StreamReader(string model) => new GeminiStreamReader(model);

        public IChatStreamWriter StreamWriter(string model, long created) => throw new NotSupportedException("Gemini is a provider format only.");

        public JsonObject Error(int status, string code, string message) => OpenAiChatFormat.Error(status, code, message);
    }
}
