namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// Per-step retries: attempt n (from 1) that fails is retried after <c>InitialDelay × BackoffFactor^(n-1)</c> while
/// attempts remain. Without a policy a step gets one attempt.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, double BackoffFactor)
{
    public const int MaxAttemptsLimit = 100;

    public static RetryPolicy None { get; } = new(1, TimeSpan.FromSeconds(1), 2);

    /// <summary>How long to wait after attempt <paramref name="failedAttempt"/> failed; null when none remain.</summary>
    public TimeSpan? DelayAfter(int failedAttempt)
    {
        if (failedAttempt >= MaxAttempts)
        {
            return null;
        }

        // Capped so a large factor cannot overflow TimeSpan: no wait is longer than a day.
        var ticks = InitialDelay.Ticks * Math.Pow(BackoffFactor, failedAttempt - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.FromDays(1).Ticks));
    }
}
