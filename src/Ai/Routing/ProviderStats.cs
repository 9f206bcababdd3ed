namespace PowerAutomation.Ai.Routing;

/// <summary>
/// What operators and the router watch per provider: calls in flight, recent latencies (percentiles over the last
/// <see cref="Window"/> calls), the error rate over the last <see cref="Window"/> outcomes, totals.
/// </summary>
public sealed class ProviderStats
{
    public const int Window = 512;

    private readonly Lock _gate = new();
    private readonly double[] _latencies = new double[Window];
    private readonly bool[] _failed = new bool[Window];
    private long _calls;
    private long _failures;
    private int _inFlight;
    private double _ewmaMs;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Exponentially weighted latency in ms (0 before any call, so new providers get tried).</summary>
    public double AverageLatencyMs
    {
        get
        {
            lock (_gate)
            {
                return _ewmaMs;
            }
        }
    }

    public string? LastError { get; private set; }

    public DateTimeOffset? LastFailureAt { get; private set; }

    public bool? ProbeHealthy { get; set; }

    public DateTimeOffset? LastProbeAt { get; set; }

    public void Begin() => Interlocked.Increment(ref _inFlight);

    public void End(TimeSpan elapsed, bool failed, string? error, DateTimeOffset now)
    {
        Interlocked.Decrement(ref _inFlight);
        lock (_gate)
        {
            var slot = (int)(_calls % Window);
            _latencies[slot] = elapsed.TotalMilliseconds;
            _failed[slot] = failed;
            _calls++;
            _ewmaMs = _calls == 1 ? elapsed.TotalMilliseconds : (0.8 * _ewmaMs) + (0.2 * elapsed.TotalMilliseconds);
            if (failed)
            {
                _failures++;
                LastError = error;
                LastFailureAt = now;
            }
        }
    }

    public StatsSnapshot Snapshot()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_calls, Window);
            var latencies = _latencies.Take(count).Order().ToArray();
            var failed = _failed.Take(count).Count(f => f);
            return new StatsSnapshot(_calls, _failures, InFlight, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
                count == 0 ? 0 : (double)failed / count);
        }
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);
}

public sealed record StatsSnapshot(long Calls, long Failures, int InFlight, double? P50Ms, double? P95Ms, double? P99Ms, double ErrorRate);
