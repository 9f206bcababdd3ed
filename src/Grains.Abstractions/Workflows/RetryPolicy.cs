namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// Per-step retries: attempt n (from 1) that fails is retried after <c>InitialDelay × BackoffFactor^(n-1)</c> while
/// attempts remain. Without a policy a step gets one attempt.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialDelay, double BackoffFactor)
{
    public const int MaxAttemptsLimit = 100;

    /// <summary>The longest wait between attempts, whatever the policy's numbers say.</summary>
    public static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);

    public static RetryPolicy None { get; } = new(1, TimeSpan.FromSeconds(1), 2);

    /// <summary>How long to wait after attempt <paramref name="failedAttempt"/> failed; null when none remain.</summary>
    public TimeSpan? DelayAfter(int failedAttempt)
    {
        if (failedAttempt >= MaxAttempts)
        {
            return null;
        }

        // Clamped to [0, a day] (NaN as a day) so no factor or attempt count can overflow a TimeSpan, the retry
        // time, or the timer and reminder that wait for it.
        var ticks = InitialDelay.Ticks * Math.Pow(BackoffFactor, failedAttempt - 1);
        return double.IsNaN(ticks) || ticks >= LongestDelay.Ticks ? LongestDelay
            : ticks <= 0 ? TimeSpan.Zero
            : TimeSpan.FromTicks((long)ticks);
    }
}
