using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Grains.Identity;

/// <summary>Lifetimes of mailed links (configuration section <c>Accounts:Mail</c>).</summary>
public sealed class AccountMailOptions
{
    public const string Section = "Accounts:Mail";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan VerificationTokenLifetime { get; set; } = TimeSpan.FromHours(24);
}
