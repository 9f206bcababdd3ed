using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Identity;

/// <summary>Account security settings (configuration section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>How long a refresh-token family lives after its last rotation.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Open refresh-token families kept per user; the oldest is dropped beyond this.</summary>
    [Range(1, 1000)]
    public int MaxSessionsPerUser { get; set; } = 50;

    /// <summary>API keys a user may hold at once.</summary>
    [Range(1, 1000)]
    public int MaxApiKeysPerUser { get; set; } = 50;

    /// <summary>Failed logins per account before each further failure locks it for a growing while.</summary>
    [Range(1, 1000)]
    public int AccountFailuresAllowed { get; set; } = 5;

    /// <summary>Failed logins per client address before it is slowed down the same way.</summary>
    [Range(1, 100000)]
    public int AddressFailuresAllowed { get; set; } = 50;

    /// <summary>Window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>First lockout; it doubles with each further failure up to <see cref="MaxLockout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BaseLockout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);
}
