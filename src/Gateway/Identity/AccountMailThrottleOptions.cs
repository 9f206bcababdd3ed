using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Identity;

/// <summary>How often account mail may be asked for (section <c>Accounts:MailThrottle</c>), counted across gateways.</summary>
public sealed class AccountMailThrottleOptions
{
    public const string Section = "Accounts:MailThrottle";

    /// <summary>Reset mails one address may be sent per <see cref="Window"/>; more are answered alike and not sent.</summary>
    [Range(1, 1000)]
    public int ResetsPerAddress { get; set; } = 3;

    /// <summary>Reset requests one client address may make per <see cref="Window"/>; more get 429.</summary>
    [Range(1, 1_000_000)]
    public int ResetsPerClientAddress { get; set; } = 20;

    /// <summary>Verification mails a signed-in user may ask for per <see cref="Window"/>; more get 429.</summary>
    [Range(1, 1000)]
    public int VerificationMailsPerUser { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}
