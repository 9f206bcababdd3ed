using PowerAutomation.Ai.Chat;
using PowerAutomation.Grains.Abstractions.Ai;

namespace PowerAutomation.Ai.Calls;

/// <summary>
/// How a call ended, for billing and the usage log: <see cref="Delivered"/> once any part of the answer reached the
/// caller (whatever the caller or the provider did afterwards), with the usage reported or, where the answer was cut
/// short before the provider reported it, estimated from what was delivered; <see cref="Status"/> is one of
/// <see cref="AiUsageStatuses"/>.
/// </summary>
public sealed record AiCallOutcome(bool Delivered, ChatUsage Usage, string Status)
{
    public static AiCallOutcome Failed { get; } = new(false, ChatUsage.None, AiUsageStatuses.Failed);

    public static AiCallOutcome Cancelled { get; } = new(false, ChatUsage.None, AiUsageStatuses.Cancelled);

    public static AiCallOutcome Completed(ChatUsage usage) => new(true, usage, AiUsageStatuses.Ok);

    /// <summary>Some of the answer was delivered, then the stream broke off; nothing at all is a failure.</summary>
    public static AiCallOutcome BrokenOff(bool delivered, ChatUsage usage, bool callerLeft) =>
        delivered ? new(true, usage, AiUsageStatuses.Partial) : callerLeft ? Cancelled : Failed;
}
