using System.Text.Json;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>
/// AG-UI's <c>RunAgentInput</c>: the thread and run ids, the conversation, the client's state and context.
/// <c>forwardedProps.model</c> picks the model. The client's own tools are not offered to the model: the agent's
/// tools are the catalogue's, run on the server.
/// </summary>
public sealed record RunAgentInput(
    string? ThreadId,
    string? RunId,
    string? ParentRunId,
    JsonElement? State,
    List<AgUiMessage>? Messages,
    List<JsonElement>? Tools,
    List<AgUiContext>? Context,
    JsonElement? ForwardedProps);

/// <summary>One message: <c>content</c> is text, or for user messages a list of parts of which the text ones count.</summary>
public sealed record AgUiMessage(string? Id, string? Role, JsonElement? Content, List<AgUiToolCall>? ToolCalls, string? ToolCallId);

public sealed record AgUiToolCall(string? Id, string? Type, AgUiFunctionCall? Function);

public sealed record AgUiFunctionCall(string? Name, string? Arguments);

public sealed record AgUiContext(string? Description, string? Value);
