using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Protocols;

namespace PowerAutomation.Ai.Formats;

/// <summary>
/// One vendor wire format of chat calls, everything that differs between them in one place, chosen once per call:
/// the caller's format reads the request and writes the answer; the provider's format writes the upstream request
/// and reads its answer. Parsing throws <see cref="ChatFormatException"/> for a request the format cannot express.
/// </summary>
public interface IChatFormat
{
    /// <summary>Stable name, used as the <c>gen_ai.operation.name</c>-like endpoint label and in usage rows.</summary>
    string Name { get; }

    ChatRequest ParseRequest(JsonElement body);

    JsonObject WriteRequest(ChatRequest request, string model);

    ChatResult ParseResponse(JsonElement body, string model);

    JsonObject WriteResponse(ChatResult result, long created);

    /// <summary>A reader of one upstream stream in this format (it keeps state).</summary>
    IChatStreamReader StreamReader(string model);

    /// <summary>A writer of one caller stream in this format (it keeps state).</summary>
    IChatStreamWriter StreamWriter(string model, long created);

    /// <summary>This format's error body.</summary>
    JsonObject Error(int status, string code, string message);

    /// <summary>
    /// The caller's own body for a provider speaking this same format: as sent, but for the model (the target that
    /// serves it, which may differ from the alias asked for) and whatever this format needs so that the provider is
    /// held to the reserved output bound and reports usage.
    /// </summary>
    JsonObject PassThrough(JsonElement body, ChatRequest request, string model, string providerKind)
    {
        var upstream = JsonNode.Parse(body.GetRawText())!.AsObject();
        upstream["model"] = model;
        return upstream;
    }
}
