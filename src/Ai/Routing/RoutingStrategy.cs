using PowerAutomation.Ai.Configuration;

namespace PowerAutomation.Ai.Routing;

/// <summary>Orders a model's available providers: the first is tried first, the rest are the fallbacks.</summary>
public static class RoutingStrategy
{
    public static IReadOnlyList<ProviderState> Order(string strategy, IEnumerable<ProviderState> providers, Random random) => strategy switch
    {
        RoutingStrategies.Weighted => Weighted(providers, random),
        RoutingStrategies.LeastBusy => providers.OrderBy(p => p.Stats.InFlight).ThenBy(p => p.Options.Priority).ThenBy(p => p.Order).ToList(),
        RoutingStrategies.LowestLatency => providers.OrderBy(p => p.Stats.AverageLatencyMs).ThenBy(p => p.Options.Priority).ThenBy(p => p.Order).ToList(),
        _ => providers.OrderBy(p => p.Options.Priority).ThenBy(p => p.Order).ToList(),
    };

    // Weighted sampling without replacement (Efraimidis–Spirakis): key u^(1/w), highest first; weight 0 goes last.
    private static List<ProviderState> Weighted(IEnumerable<ProviderState> providers, Random random) =>
        providers.Select(p => (Provider: p, Key: p.Options.Weight <= 0 ? -1 : Math.Pow(random.NextDouble(), 1.0 / p.Options.Weight)))
            .OrderByDescending(x => x.Key).Select(x => x.Provider).ToList();
}
