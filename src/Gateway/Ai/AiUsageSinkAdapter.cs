using PowerAutomation.Ai.Calls;
using PowerAutomation.Grains.Abstractions.Ai;

namespace PowerAutomation.Gateway.Ai;

/// <summary>The gateway's usage rows go to the batching recorder (placeholder until the usage log lands).</summary>
public sealed class AiUsageSinkAdapter : IAiUsageSink
{
    public void Record(AiUsageRecord record)
    {
    }
}
