namespace PowerAutomation.Silo.Email;

/// <summary>Pure backoff: the wait after the n-th failed attempt is <c>first × 2^(n-1)</c>, capped.</summary>
public static class MailRetry
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        var doublings = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = first.Ticks * (1L << doublings);
        return ticks <= 0 || ticks > max.Ticks ? max : TimeSpan.FromTicks(ticks);
    }
}
