using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Configuration;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Providers;

/// <summary>How to reach one provider over its vendor's real HTTP protocol: paths, authentication, probe.</summary>
public sealed class ProviderEndpoint(ProviderOptions options)
{
    private const string AnthropicVersion = "2023-06-01";
    private readonly string _base = options.BaseUrl.TrimEnd('/');

    public AiProtocol Protocol { get; } = options.Kind switch
    {
        ProviderKinds.Anthropic => AiProtocol.Anthropic,
        ProviderKinds.Gemini => AiProtocol.Gemini,
        _ => AiProtocol.OpenAi,
    };

    /// <summary>
    /// The format this provider is called in for a caller speaking <paramref name="caller"/>: its kind's chat format,
    /// except that an OpenAI-compatible server takes legacy completions as they are (vLLM, Ollama, llama.cpp and
    /// the like serve <c>/completions</c>) and OpenAI itself takes Responses calls as they are.
    /// </summary>
    public IChatFormat FormatFor(IChatFormat caller) => options.Kind switch
    {
        ProviderKinds.OpenAiCompatible when caller == ChatFormats.OpenAiCompletions => caller,
        ProviderKinds.OpenAi when caller == ChatFormats.OpenAiResponses => caller,
        _ => ChatFormats.For(Protocol),
    };

    /// <summary>A call in <paramref name="format"/>, with the caller's Anthropic headers passed on to Anthropic.</summary>
    public HttpRequestMessage Call(IChatFormat format, JsonObject body, string model, bool stream, IReadOnlyDictionary<string, string>? passHeaders = null)
    {
        var url = format.Name switch
        {
            "messages" => $"{_base}/v1/messages",
            "gemini" => $"{_base}/v1beta/models/{Uri.EscapeDataString(model)}:{(stream ? "streamGenerateContent?alt=sse" : "generateContent")}",
            "completions" => $"{_base}/completions",
            "responses" => $"{_base}/responses",
            _ => $"{_base}/chat/completions",
        };
        var request = Post(url, body, passHeaders);
        if (stream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        return request;
    }

    /// <summary>Anthropic's exact token count for a Messages body (only Anthropic providers offer one).</summary>
    public HttpRequestMessage CountTokens(JsonObject body, IReadOnlyDictionary<string, string>? passHeaders) =>
        Post($"{_base}/v1/messages/count_tokens", body, passHeaders);

    private HttpRequestMessage Post(string url, JsonObject body, IReadOnlyDictionary<string, string>? passHeaders)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (Protocol == AiProtocol.Anthropic && passHeaders is not null)
        {
            foreach (var (name, value) in passHeaders)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        Authenticate(request);
        return request;
    }

    /// <summary>A cheap authenticated call that shows the provider is up: its model list.</summary>
    public HttpRequestMessage Probe()
    {
        var url = Protocol switch
        {
            AiProtocol.Anthropic => $"{_base}/v1/models",
            AiProtocol.Gemini => $"{_base}/v1beta/models",
            _ => $"{_base}/models",
        };
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authenticate(request);
        return request;
    }

    private void Authenticate(HttpRequestMessage request)
    {
        if (string.IsNullOrEmpty(options.ApiKey) && Protocol != AiProtocol.Anthropic)
        {
            return;
        }

        switch (Protocol)
        {
            case AiProtocol.Anthropic:
                if (!request.Headers.Contains("anthropic-version"))
                {
                    request.Headers.Add("anthropic-version", AnthropicVersion);
                }

                if (!string.IsNullOrEmpty(options.ApiKey))
                {
                    request.Headers.Add("x-api-key", options.ApiKey);
                }

                break;
            case AiProtocol.Gemini:
                request.Headers.Add("x-goog-api-key", options.ApiKey);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                break;
        }
    }
}
