using Microsoft.AspNetCore.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// The one place passwords are hashed and checked. Every check does one full verification, whether or not there
/// is an account or a plausible password behind it, so the answer's timing says nothing about either.
/// </summary>
public interface IPasswordHashing
{
    /// <summary>Hashes an acceptable password; throws <see cref="ArgumentException"/> for a weak one.</summary>
    Task<string> HashAsync(string password);

    /// <summary>
    /// Checks <paramref name="password"/> against <paramref name="storedHash"/>. With no stored hash, or a password
    /// outside <see cref="Abstractions.Identity.PasswordRules"/>' length, it verifies against a decoy hash of the
    /// same cost and fails.
    /// </summary>
    Task<PasswordVerificationResult> VerifyAsync(string? storedHash, string password);
}
