using PowerAutomation.Ai.Configuration;
using PowerAutomation.Ai.Providers;

namespace PowerAutomation.Ai.Routing;

/// <summary>One configured provider with its endpoint, circuit and statistics (per gateway process).</summary>
public sealed class ProviderState(ProviderOptions options, int order, RoutingOptions routing, TimeProvider time)
{
    public ProviderOptions Options { get; } = options;

    /// <summary>Position in configuration, the last tie-breaker.</summary>
    public int Order { get; } = order;

    public string Name => Options.Name;

    public ProviderEndpoint Endpoint { get; } = new(options);

    public CircuitBreaker Circuit { get; } = new(routing.FailureThreshold, routing.BreakDuration, time);

    public ProviderStats Stats { get; } = new();

    public TimeSpan Timeout => Options.Timeout ?? routing.RequestTimeout;

    public bool Serves(string model) => Options.Models.Contains(model, StringComparer.Ordinal);

    public bool AllowedFor(string edition) => Options.Editions.Count == 0 || Options.Editions.Contains(edition, StringComparer.Ordinal);
}
