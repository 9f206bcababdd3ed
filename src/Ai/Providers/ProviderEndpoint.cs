using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Configuration;
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

    public HttpRequestMessage Chat(JsonObject body, string model, bool stream)
    {
        var url = Protocol switch
        {
            AiProtocol.Anthropic => $"{_base}/v1/messages",
            AiProtocol.Gemini => $"{_base}/v1beta/models/{Uri.EscapeDataString(model)}:{(stream ? "streamGenerateContent?alt=sse" : "generateContent")}",
            _ => $"{_base}/chat/completions",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authenticate(request);
        if (stream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

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
                request.Headers.Add("anthropic-version", AnthropicVersion);
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
