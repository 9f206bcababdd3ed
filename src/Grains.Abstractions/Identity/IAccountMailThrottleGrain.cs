namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Bounds how often account mail is asked for, per key: <c>reset-address:{email}</c>, <c>reset-ip:{address}</c>,
/// <c>verify-user:{id}</c>. Each call is one atomic check-and-count; kept in memory like the login throttle.
/// </summary>
[Alias("pa.IAccountMailThrottleGrain")]
public interface IAccountMailThrottleGrain : IGrainWithStringKey
{
    /// <summary>Zero when one more request is allowed now (and counts it), else how long to wait (nothing counted).</summary>
    [Alias("TryTake")]
    Task<TimeSpan> TryTake();
}
