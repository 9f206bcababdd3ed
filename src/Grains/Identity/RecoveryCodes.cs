using System.Security.Cryptography;
using OtpNet;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// MFA recovery codes: 80 random bits each, shown as <c>xxxx-xxxx-xxxx-xxxx</c>. That much entropy makes one
/// SHA-256 a sufficient stored form (see <see cref="SecretHasher"/>).
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    public static IReadOnlyList<string> Generate() =>
        Enumerable.Range(0, Count).Select(_ => Format(Base32Encoding.ToString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant())).ToList();

    /// <summary>What is compared: no separators or spaces, lower case; empty when the input cannot be a code.</summary>
    public static string Normalize(string code)
    {
        var bare = new string(code.Where(c => c is not ('-' or ' ')).ToArray()).ToLowerInvariant();
        return bare.Length == 16 && bare.All(char.IsAsciiLetterOrDigit) ? bare : "";
    }

    public static string Hash(string code) => SecretHasher.Hash(Normalize(code));

    private static string Format(string bare) => string.Join('-', bare.Chunk(4).Select(part => new string(part)));
}
