using System.Text.Json;

namespace PowerAutomation.Ai.Chat;

/// <summary>
/// A chat call in a protocol-neutral form, so that a request in one vendor's format can be served by a provider
/// speaking another. It keeps what the public formats share: roles, system prompt, text and image parts, tool
/// definitions, calls and results, sampling settings.
/// </summary>
public sealed record ChatRequest(
    string Model,
    string? System,
    IReadOnlyList<ChatTurn> Messages,
    int? MaxTokens,
    double? Temperature,
    double? TopP,
    IReadOnlyList<string> Stop,
    IReadOnlyList<ToolDefinition> Tools,
    ToolChoice? ToolChoice,
    bool Stream,
    TextCompletion? Completion = null);

/// <summary>
/// A legacy text completion's own prompt (and fill-in-the-middle suffix), kept so that a provider speaking
/// <c>/completions</c> gets it as sent; chat providers get the turns it was translated into.
/// </summary>
public sealed record TextCompletion(string Prompt, string? Suffix);

public enum ChatRole
{
    User,
    Assistant,
}

/// <summary>One message: tool results travel as parts of a user turn, as in Anthropic's format.</summary>
public sealed record ChatTurn(ChatRole Role, IReadOnlyList<ChatPart> Parts);

public abstract record ChatPart;

public sealed record TextPart(string Text) : ChatPart;

/// <summary>An image given inline (base64 with its media type) or by URL.</summary>
public sealed record ImagePart(string? MediaType, string? Data, string? Url) : ChatPart;

/// <summary>A model's request to call a tool; arguments are a JSON object as text.</summary>
public sealed record ToolCallPart(string Id, string Name, string Arguments) : ChatPart;

public sealed record ToolResultPart(string CallId, string Content, bool IsError) : ChatPart;

/// <summary>A tool the model may call; parameters are a JSON schema.</summary>
public sealed record ToolDefinition(string Name, string? Description, JsonElement Parameters);

/// <summary><c>auto</c>, <c>none</c>, <c>required</c> (any tool) or one named tool.</summary>
public sealed record ToolChoice(string Mode, string? Name = null);
