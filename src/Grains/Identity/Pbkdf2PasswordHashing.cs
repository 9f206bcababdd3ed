using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>PBKDF2-HMAC-SHA512 (ASP.NET Core Identity's format), run on the thread pool, off the grain scheduler.</summary>
public sealed class Pbkdf2PasswordHashing : IPasswordHashing
{
    private static readonly PasswordHasher<object> Hasher =
        new(Options.Create(new PasswordHasherOptions { IterationCount = PasswordRules.HashIterations }));

    // Same format and iteration count as real hashes; its password is random, so nothing ever matches it.
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(null!, SecretHasher.NewSecret()));

    public Task<string> HashAsync(string password)
    {
        if (PasswordRules.Weakness(password) is { } weakness)
        {
            throw new ArgumentException(weakness, nameof(password));
        }

        return Task.Run(() => Hasher.HashPassword(null!, password));
    }

    public async Task<PasswordVerificationResult> VerifyAsync(string? storedHash, string password)
    {
        password ??= "";
        var usable = storedHash is not null && password.Length is > 0 and <= PasswordRules.MaxLength;

        // An over-long password is cut for the decoy, so a huge one costs what an acceptable one does.
        var candidate = password.Length > PasswordRules.MaxLength ? password[..PasswordRules.MaxLength] : password;
        var hash = usable ? storedHash! : DecoyHash.Value;
        var result = await Task.Run(() => Hasher.VerifyHashedPassword(null!, hash, candidate));
        return usable ? result : PasswordVerificationResult.Failed;
    }
}
