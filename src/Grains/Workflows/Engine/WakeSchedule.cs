namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>
/// How a run arms its timer and reminder for its next wake. Both refuse due times past 2^32-2 ms (49.7 days), so a
/// wait further away than <see cref="LongestTimer"/> / <see cref="LongestReminder"/> is armed in legs: the early
/// fire finds nothing due and arms the next leg.
/// </summary>
public static class WakeSchedule
{
    public static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    public static readonly TimeSpan LongestReminder = TimeSpan.FromDays(7);

    /// <summary>The due time to arm for a wake at <paramref name="due"/>: never negative, never longer than <paramref name="longest"/>.</summary>
    public static TimeSpan ArmFor(DateTimeOffset due, DateTimeOffset now, TimeSpan longest) =>
        due <= now ? TimeSpan.Zero : due - now > longest ? longest : due - now;

    /// <summary>
    /// Whether what is armed to fire at <paramref name="firesAt"/> still serves a wake at <paramref name="due"/>: it
    /// fires then, or it is an earlier leg that has not fired yet (and will arm the next).
    /// </summary>
    public static bool StillServes(DateTimeOffset? firesAt, DateTimeOffset due, DateTimeOffset now) =>
        firesAt == due || (firesAt is { } at && at > now && at < due);
}
