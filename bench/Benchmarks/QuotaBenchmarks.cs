using BenchmarkDotNet.Attributes;
using PowerAutomation.Grains.Quotas;

namespace PowerAutomation.Benchmarks;

/// <summary>The pure quota arithmetic inside one decision (no grain, no network).</summary>
public class QuotaBenchmarks
{
    private readonly Gcra _gcra = new();
    private readonly DailyAllowance _daily = new(DateOnly.FromDateTime(DateTime.UtcNow), 0);
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Benchmark]
    public bool GcraDecision()
    {
        _now = _now.AddMilliseconds(1);
        return _gcra.TryConsume(_now, 1, 100_000).Allowed;
    }

    [Benchmark]
    public bool DailyDecision() => _daily.TryConsume(_now, 1, long.MaxValue).Allowed;
}
