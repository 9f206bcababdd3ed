using PowerAutomation.Ai.Chat;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// How a call ended for billing: <paramref name="Delivered"/> once any part of the answer reached the caller
/// (whatever the caller or the provider did afterwards), with the usage reported or, where the answer was cut
/// short before the provider reported it, estimated from what was delivered.
/// </summary>
public sealed record AiCallOutcome(bool Delivered, ChatUsage Usage)
{
    public static AiCallOutcome NothingDelivered { get; } = new(false, ChatUsage.None);
}
