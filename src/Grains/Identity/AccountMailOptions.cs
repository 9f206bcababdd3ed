using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Identity;

/// <summary>Password reset and e-mail verification (configuration section <c>Accounts:Mail</c>).</summary>
public sealed class AccountMailOptions
{
    public const string Section = "Accounts:Mail";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan VerificationTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Reset mails one address may be sent per <see cref="Window"/>; more are answered alike and not sent.</summary>
    [Range(1, 1000)]
    public int ResetsPerAddress { get; set; } = 3;

    /// <summary>Reset requests one client address may make per <see cref="Window"/>; more get 429.</summary>
    [Range(1, 100000)]
    public int ResetsPerClientAddress { get; set; } = 20;

    /// <summary>Verification mails a signed-in user may ask for per <see cref="Window"/>; more get 429.</summary>
    [Range(1, 1000)]
    public int VerificationMailsPerUser { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}
