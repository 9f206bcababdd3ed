using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Ai.Protocols;

/// <summary>Writes the sampling settings every format has, each under its own field names; unset ones are left out.</summary>
public static class SamplingFields
{
    public static void Write(JsonObject target, ChatRequest request, string? maxTokens, string temperature, string topP, string stop)
    {
        if (maxTokens is not null && request.MaxTokens is { } max)
        {
            target[maxTokens] = max;
        }

        if (request.Temperature is { } value)
        {
            target[temperature] = value;
        }

        if (request.TopP is { } p)
        {
            target[topP] = p;
        }

        if (request.Stop.Count > 0)
        {
            target[stop] = new JsonArray(request.Stop.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        }
    }
}
