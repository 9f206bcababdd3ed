namespace PowerAutomation.Ai.Protocols;

/// <summary>The wire formats spoken: by callers (OpenAI, Anthropic) and by providers (all three).</summary>
public enum AiProtocol
{
    OpenAi,
    Anthropic,
    Gemini,
}
