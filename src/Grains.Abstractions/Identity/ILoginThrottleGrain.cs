namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Counts failed logins for one key (<c>account:{email}</c> or <c>ip:{address}</c>) across all gateways
/// and says when further attempts must wait. Not reentrant: each call is one atomic check-and-count.
/// </summary>
[Alias("pa.ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long the caller must wait before trying again; zero when allowed now.</summary>
    [Alias("RetryAfter")]
    Task<TimeSpan> RetryAfter();

    /// <summary>
    /// Reserves one attempt before the secret is checked: zero when it may go ahead (it counts as a failure
    /// until released), else how long to wait (nothing counted).
    /// </summary>
    [Alias("TryReserve")]
    Task<TimeSpan> TryReserve();

    /// <summary>Gives back a reserved attempt that was not a failure (e.g. the password was right).</summary>
    [Alias("Release")]
    Task Release();

    /// <summary>Forgets failures after a successful login.</summary>
    [Alias("Reset")]
    Task Reset();
}
