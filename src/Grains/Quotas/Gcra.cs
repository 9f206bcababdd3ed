namespace PowerAutomation.Grains.Quotas;

/// <summary>
/// Generic cell rate algorithm for "N requests per minute": each unit advances a theoretical arrival time (TAT)
/// by the emission interval T = 60 s / N; a request is allowed while TAT after it stays within N·T of now.
/// Equivalent to a leaky bucket of N units draining one unit per T, with bursts of up to N. Integer ticks keep
/// it exact; rates beyond one unit per tick (6·10⁸ a minute) count as that.
/// </summary>
public sealed class Gcra
{
    private static readonly long Minute = TimeSpan.TicksPerMinute;

    private long _tat;

    public (bool Allowed, long Remaining, TimeSpan RetryAfter, DateTimeOffset ResetsAt) TryConsume(DateTimeOffset now, long cost, long perMinute)
    {
        var nowTicks = now.UtcTicks;
        perMinute = Math.Min(perMinute, Minute);
        if (perMinute <= 0 || cost > perMinute)
        {
            return (false, 0, TimeSpan.FromMinutes(1), now + TimeSpan.FromMinutes(1));
        }

        var interval = Minute / perMinute;
        var capacity = interval * perMinute;
        var start = Math.Max(_tat, nowTicks);
        var next = start + interval * cost;
        if (next - nowTicks > capacity)
        {
            var wait = next - capacity - nowTicks;
            return (false, Remaining(nowTicks, interval, capacity), TimeSpan.FromTicks(wait), new DateTimeOffset(Math.Max(_tat, nowTicks), TimeSpan.Zero));
        }

        _tat = next;
        return (true, Remaining(nowTicks, interval, capacity), TimeSpan.Zero, new DateTimeOffset(_tat, TimeSpan.Zero));
    }

    /// <summary>Units available now, and when the bucket is full again.</summary>
    public (long Used, long Remaining, DateTimeOffset ResetsAt) Peek(DateTimeOffset now, long perMinute)
    {
        perMinute = Math.Min(perMinute, Minute);
        if (perMinute <= 0)
        {
            return (0, 0, now);
        }

        var interval = Minute / perMinute;
        var remaining = Remaining(now.UtcTicks, interval, interval * perMinute);
        return (perMinute - remaining, remaining, new DateTimeOffset(Math.Max(_tat, now.UtcTicks), TimeSpan.Zero));
    }

    private long Remaining(long now, long interval, long capacity) =>
        Math.Clamp((capacity - Math.Max(0, _tat - now)) / interval, 0, capacity / interval);
}
