namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Pure throttling arithmetic: failures inside a sliding window; once more than <c>allowed</c> have happened,
/// attempts wait <c>base × 2^(excess)</c> after the last failure, capped. An attempt reserves its failure before
/// the password is checked, so concurrent attempts can never check more passwords than the allowance.
/// </summary>
public sealed class LoginThrottlePolicy(int allowed, TimeSpan window, TimeSpan baseLockout, TimeSpan maxLockout)
{
    private readonly LinkedList<DateTimeOffset> _failures = new();

    public int FailureCount => _failures.Count;

    public void RecordFailure(DateTimeOffset now)
    {
        Expire(now);
        _failures.AddLast(now);

        // Keep memory bounded: beyond the cap the lockout no longer grows anyway.
        while (_failures.Count > allowed + 32)
        {
            _failures.RemoveFirst();
        }
    }

    /// <summary>
    /// Check and count in one step: zero when the attempt may go ahead, and it is then counted as a failure
    /// until <see cref="Release"/> says otherwise; else how long to wait, and nothing is counted.
    /// </summary>
    public TimeSpan TryReserve(DateTimeOffset now)
    {
        var wait = RetryAfter(now);
        if (wait == TimeSpan.Zero)
        {
            RecordFailure(now);
        }

        return wait;
    }

    /// <summary>Gives back one reserved attempt that turned out not to be a failure.</summary>
    public void Release()
    {
        if (_failures.Count > 0)
        {
            _failures.RemoveLast();
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
        var until = _failures.Last!.Value + lockout;
        return until > now ? until - now : TimeSpan.Zero;
    }

    public void Reset() => _failures.Clear();

    private void Expire(DateTimeOffset now)
    {
        while (_failures.Count > 0 && now - _failures.First!.Value > window)
        {
            _failures.RemoveFirst();
        }
    }
}
