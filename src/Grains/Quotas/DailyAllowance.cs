namespace PowerAutomation.Grains.Quotas;

/// <summary>An allowance per UTC day: usage resets when the day changes.</summary>
public sealed class DailyAllowance(DateOnly day, long used)
{
    public DateOnly Day { get; private set; } = day;

    public long Used { get; private set; } = used;

    public static DateTimeOffset NextReset(DateTimeOffset now) =>
        new(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public (bool Allowed, long Remaining, TimeSpan RetryAfter) TryConsume(DateTimeOffset now, long cost, long limit)
    {
        Roll(now);
        if (Used + cost > limit)
        {
            return (false, Math.Max(0, limit - Used), NextReset(now) - now);
        }

        Used += cost;
        return (true, limit - Used, TimeSpan.Zero);
    }

    /// <summary>Adds usage that already happened, whatever the limit.</summary>
    public void Charge(DateTimeOffset now, long cost)
    {
        Roll(now);
        Used += cost;
    }

    /// <summary>Gives back a consumption made today; one from an earlier day was already forgotten.</summary>
    public void Refund(DateTimeOffset now, DateTimeOffset consumedAt, long cost)
    {
        Roll(now);
        if (DateOnly.FromDateTime(consumedAt.UtcDateTime) == Day)
        {
            Used = Math.Max(0, Used - cost);
        }
    }

    public long UsedAt(DateTimeOffset now)
    {
        Roll(now);
        return Used;
    }

    private void Roll(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today != Day)
        {
            Day = today;
            Used = 0;
        }
    }
}
