using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>
/// <c>PREFIX.base64url(payload JSON).base64url(signature)</c> with an ECDSA P-256 / SHA-256 signature (r‖s) over
/// the ASCII bytes <c>PREFIX.payload</c>. Decoding is strict: canonical unpadded base64url only, so any change to
/// any byte of a token makes it invalid, not merely different.
/// </summary>
public static class SignedEnvelope
{
    public const string LicensePrefix = "PA1";
    public const string ActivationPrefix = "PAC1";
    private const int MaxLength = 8192;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Sign<T>(string prefix, T claims, ECDsa key)
    {
        var payload = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(claims, Json));
        var signed = $"{prefix}.{payload}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signed}.{Base64Url.Encode(signature)}";
    }

    /// <summary>Verifies the signature with the key named by the payload's <c>kid</c>, then returns the claims.</summary>
    public static bool TryOpen<T>(string prefix, string? token, Func<string, ECDsa?> keys, [NotNullWhen(true)] out T? claims)
        where T : class
    {
        claims = null;
        if (token is null || token.Length > MaxLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != prefix
            || !Base64Url.TryDecode(parts[1], out var payload) || !Base64Url.TryDecode(parts[2], out var signature)
            || signature.Length != 64)
        {
            return false;
        }

        string? keyId;
        try
        {
            using var document = JsonDocument.Parse(payload);
            keyId = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                ? kid.GetString()
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON, or not UTF-8: no signature can make that a token.
            return false;
        }

        var key = keyId is null ? null : keys(keyId);
        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (key is null || !key.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return false;
        }

        try
        {
            claims = JsonSerializer.Deserialize<T>(payload, Json);
            return claims is not null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>Reads a token's claims without checking its signature: for routing only, never for trust.</summary>
public static class UnverifiedEnvelope
{
    public static string? LicenseId(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || token!.Length > 8192 || !Base64Url.TryDecode(parts[1], out var payload))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("lid", out var lid) && lid.ValueKind == JsonValueKind.String
                && lid.GetString() is { Length: > 0 and <= 64 } id
                ? id
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>Unpadded base64url that accepts only the canonical encoding of each byte string.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length == 0 || text.Length % 4 == 1 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        var standard = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        try
        {
            var decoded = Convert.FromBase64String(standard);

            // Unused low bits of the last character must be zero, or two spellings would decode alike.
            if (Encode(decoded) != text)
            {
                return false;
            }

            bytes = decoded;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
