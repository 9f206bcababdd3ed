using System.Security.Cryptography;
using System.Text;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// Random secrets for refresh tokens and API keys, and their stored form. These secrets carry 256 bits of
/// entropy, so a single SHA-256 is the right hash for them (a slow KDF is for human passwords).
/// </summary>
public static class SecretHasher
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(expectedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
