namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Pure throttling arithmetic: failures inside a sliding window; once more than <c>allowed</c> have happened,
/// attempts wait <c>base × 2^(excess)</c> after the last failure, capped.
/// </summary>
public sealed class LoginThrottlePolicy(int allowed, TimeSpan window, TimeSpan baseLockout, TimeSpan maxLockout)
{
    private readonly Queue<DateTimeOffset> _failures = new();

    public int FailureCount => _failures.Count;

    public void RecordFailure(DateTimeOffset now)
    {
        Expire(now);
        _failures.Enqueue(now);

        // Keep memory bounded: beyond the cap the lockout no longer grows anyway.
        while (_failures.Count > allowed + 32)
        {
            _failures.Dequeue();
        }
    }

    public TimeSpan RetryAfter(DateTimeOffset now)
    {
        Expire(now);
        if (_failures.Count < allowed)
        {
            return TimeSpan.Zero;
        }

        var excess = Math.Min(_failures.Count - allowed, 30);
        var lockout = TimeSpan.FromTicks(Math.Min(maxLockout.Ticks, baseLockout.Ticks * (1L << excess)));
        var until = _failures.Last() + lockout;
        return until > now ? until - now : TimeSpan.Zero;
    }

    public void Reset() => _failures.Clear();

    private void Expire(DateTimeOffset now)
    {
        while (_failures.Count > 0 && now - _failures.Peek() > window)
        {
            _failures.Dequeue();
        }
    }
}
