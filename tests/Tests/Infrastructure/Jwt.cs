using System.Security.Cryptography;
using System.Text;

namespace PowerAutomation.Tests.Infrastructure;

/// <summary>Hand-made JWTs for forgery tests: the gateway must refuse every one it did not sign.</summary>
public static class Jwt
{
    public static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    public static string Decode(string segment)
    {
        var padded = segment.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }

    public static string SignHs256(string header, string payload, string secret)
    {
        var input = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input));
        return $"{input}.{Base64Url(signature)}";
    }

    /// <summary>Signs with the given PKCS#8 PEM key, or with a fresh key nobody trusts.</summary>
    public static string SignEs256(string header, string payload, string? pem = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (pem is not null)
        {
            key.ImportFromPem(pem);
        }

        var input = $"{Encode(header)}.{Encode(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256);
        return $"{input}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
