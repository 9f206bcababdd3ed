using PowerAutomation.Ai.Calls;
using PowerAutomation.Grains.Abstractions.Ai;

namespace PowerAutomation.Silo.Ai;

/// <summary>Usage rows of calls made inside the silo (workflow steps) go to the silo's batching usage log (placeholder until it lands).</summary>
public sealed class SiloAiUsageSink : IAiUsageSink
{
    public void Record(AiUsageRecord record)
    {
    }
}
