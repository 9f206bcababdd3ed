namespace PowerAutomation.Ai.Chat;

/// <summary>A finished, non-streamed answer.</summary>
public sealed record ChatResult(string Id, string Model, IReadOnlyList<ChatPart> Content, StopReason Stop, ChatUsage Usage);

public enum StopReason
{
    EndTurn,
    MaxTokens,
    StopSequence,
    ToolUse,
    ContentFilter,
}

/// <summary>
/// Tokens of one call. <paramref name="CachedInputTokens"/> is the part of <paramref name="InputTokens"/> read from the
/// provider's prompt cache (billed at the cached-input price); it is never more than the input.
/// </summary>
public sealed record ChatUsage(long InputTokens, long OutputTokens, long CachedInputTokens = 0)
{
    public static ChatUsage None { get; } = new(0, 0);

    public long Total => InputTokens + OutputTokens;
}

/// <summary>One piece of a streamed answer, in a protocol-neutral form.</summary>
public abstract record ChatDelta;

public sealed record StartDelta(string Id, string Model, long InputTokens) : ChatDelta;

public sealed record TextDelta(string Text) : ChatDelta;

/// <summary>
/// A tool call begins (id and name set) or its arguments grow by a JSON fragment; <paramref name="Index"/> counts
/// the tool calls of the answer.
/// </summary>
public sealed record ToolCallDelta(int Index, string? Id, string? Name, string Arguments) : ChatDelta;

/// <summary>Why the answer stopped, and/or the usage; either may come on its own.</summary>
public sealed record FinishDelta(StopReason? Reason, ChatUsage? Usage) : ChatDelta;
