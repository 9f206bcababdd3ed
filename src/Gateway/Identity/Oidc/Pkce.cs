using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>RFC 7636 S256 and the random values of a sign-in (state, nonce, verifier, one-time code).</summary>
public static class Pkce
{
    /// <summary>256 random bits, base64url: 43 characters, valid as a code verifier.</summary>
    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The grain key of a one-time code: only its hash is kept.</summary>
    public static string HashOf(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
