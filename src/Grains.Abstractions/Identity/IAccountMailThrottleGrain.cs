namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Bounds how often account mail is asked for, per key: <c>reset-address:{email}</c>, <c>reset-ip:{address}</c>,
/// <c>verify-user:{id}</c>. The caller says the bound; each call is one atomic check-and-count.
/// </summary>
[Alias("pa.IAccountMailThrottleGrain")]
public interface IAccountMailThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Zero when fewer than <paramref name="allowed"/> requests were counted in the last <paramref name="window"/>
    /// (and counts this one), else how long to wait (nothing counted).
    /// </summary>
    [Alias("TryTake")]
    Task<TimeSpan> TryTake(int allowed, TimeSpan window);
}
