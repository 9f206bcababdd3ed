using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using PowerAutomation.Grains.Identity;

namespace PowerAutomation.Tests.Identity;

/// <summary>The production hashing, counting how often each password was verified (tests use unique passwords).</summary>
public sealed class CountingPasswordHashing(IPasswordHashing inner) : IPasswordHashing
{
    private readonly ConcurrentDictionary<string, int> _verifications = new(StringComparer.Ordinal);

    public int VerificationsOf(string password) => _verifications.GetValueOrDefault(password);

    public Task<string> HashAsync(string password) => inner.HashAsync(password);

    public Task<PasswordVerificationResult> VerifyAsync(string? storedHash, string password)
    {
        _verifications.AddOrUpdate(password, 1, (_, count) => count + 1);
        return inner.VerifyAsync(storedHash, password);
    }
}
