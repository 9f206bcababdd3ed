using PowerAutomation.Ai.Calls;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Ai;

namespace PowerAutomation.Silo.Ai;

/// <summary>Usage rows of calls made inside the silo (workflow steps) go straight to the silo's batching usage log.</summary>
public sealed class SiloAiUsageSink(IAiUsageLog log) : IAiUsageSink
{
    public void Record(AiUsageRecord record) => log.Append(record);
}
