using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Routing;

namespace PowerAutomation.Ai.Calls;

/// <summary>
/// The request one provider gets for one call: the caller's own body (model set to the target) when the provider
/// speaks the caller's format, else the neutral request written in the provider's format.
/// </summary>
public static class UpstreamRequests
{
    public static HttpRequestMessage Build(ProviderState provider, string target, IChatFormat caller, JsonElement? callerBody, ChatRequest request,
        IReadOnlyDictionary<string, string>? passHeaders)
    {
        var format = provider.Endpoint.FormatFor(caller);
        JsonObject body = format == caller && callerBody is { } raw
            ? format.PassThrough(raw, request, target, provider.Options.Kind)
            : format.WriteRequest(request, target);
        return provider.Endpoint.Call(format, body, target, request.Stream, passHeaders);
    }
}
