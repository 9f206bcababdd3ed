using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Gateway.Agents.Tools;

/// <summary>A model call's answer (<see cref="Result"/>, the model that served it), or why there was none: the stable code and message.</summary>
public sealed record ModelAnswer(ChatResult? Result, string? Model, string? Code, string? Message)
{
    public static ModelAnswer Failed(string code, string message) => new(null, null, code, message);
}
