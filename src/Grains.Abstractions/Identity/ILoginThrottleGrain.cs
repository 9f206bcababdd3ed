namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Counts failed logins for one key (<c>account:{email}</c> or <c>ip:{address}</c>) across all gateways
/// and says when further attempts must wait.
/// </summary>
[Alias("pa.ILoginThrottleGrain")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long the caller must wait before trying again; zero when allowed now.</summary>
    [Alias("RetryAfter")]
    Task<TimeSpan> RetryAfter();

    /// <summary>Records a failed attempt.</summary>
    [Alias("RecordFailure")]
    Task RecordFailure();

    /// <summary>Forgets failures after a successful login.</summary>
    [Alias("Reset")]
    Task Reset();
}
