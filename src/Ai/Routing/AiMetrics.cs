using System.Diagnostics.Metrics;

namespace PowerAutomation.Ai.Routing;

/// <summary>Provider calls for operators: counts by outcome, upstream latency, in-flight and circuit state.</summary>
public sealed class AiMetrics : IDisposable
{
    public const string MeterName = "PowerAutomation.Ai";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public AiMetrics(Func<IEnumerable<ProviderState>> providers)
    {
        _calls = _meter.CreateCounter<long>("pa.ai.provider.calls", description: "Upstream attempts by provider and outcome");
        // Seconds need second-scale buckets: the default boundaries (0 … 10,000) are meant for milliseconds.
        _duration = _meter.CreateHistogram("pa.ai.provider.duration", "s", "Upstream attempt duration",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        _meter.CreateObservableGauge("pa.ai.provider.in_flight", () => providers().Select(p =>
            new Measurement<int>(p.Stats.InFlight, new KeyValuePair<string, object?>("provider", p.Name))), description: "Calls in flight");
        _meter.CreateObservableGauge("pa.ai.provider.circuit_state", () => providers().Select(p =>
            new Measurement<int>((int)p.Circuit.State, new KeyValuePair<string, object?>("provider", p.Name))), description: "0 closed, 1 half-open, 2 open");
    }

    public void Attempt(string provider, string outcome, TimeSpan elapsed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("provider", provider), new("outcome", outcome) };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));
    }

    public void Dispose() => _meter.Dispose();
}
