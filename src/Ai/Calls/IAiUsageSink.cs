using PowerAutomation.Grains.Abstractions.Ai;

namespace PowerAutomation.Ai.Calls;

/// <summary>Where finished calls' usage rows go; never blocks the call (rows are written in batches elsewhere).</summary>
public interface IAiUsageSink
{
    void Record(AiUsageRecord record);
}
