using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PowerAutomation.Gateway.Integrations;

/// <summary>
/// The Lark event-subscription wire format: the request signature (SHA-256 hex over timestamp + nonce + encrypt
/// key + raw body, in <c>X-Lark-Signature</c>), and encrypted bodies <c>{"encrypt": base64}</c> where the bytes are
/// a 16-byte IV followed by AES-256-CBC (PKCS#7) ciphertext under SHA-256 of the encrypt key.
/// </summary>
public static class FeishuCallback
{
    public static string Signature(string timestamp, string nonce, string encryptKey, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + nonce + encryptKey);
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    public static bool SignatureMatches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(presented.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected));

    public static string Encrypt(string plaintext, string encryptKey)
    {
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptKey));
        aes.GenerateIV();
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), aes.IV, PaddingMode.PKCS7);
        return Convert.ToBase64String([.. aes.IV, .. cipher]);
    }

    public static bool TryDecrypt(string encrypted, string encryptKey, [NotNullWhen(true)] out string? plaintext)
    {
        plaintext = null;
        byte[] data;
        try
        {
            data = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            return false;
        }

        if (data.Length < 32 || data.Length % 16 != 0)
        {
            return false;
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptKey));
            var clear = aes.DecryptCbc(data.AsSpan(16), data.AsSpan(0, 16), PaddingMode.PKCS7);
            plaintext = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(clear);
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The event's envelope, for both the 1.0 (<c>uuid</c>, <c>event.type</c>) and 2.0 (<c>header</c>) schemas.</summary>
    public static (string? Type, string? Token, string? EventId, JsonElement? Event) Envelope(JsonElement root)
    {
        var @event = root.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object ? e : (JsonElement?)null;
        if (root.TryGetProperty("header", out var header) && header.ValueKind == JsonValueKind.Object)
        {
            return (Text(header, "event_type"), Text(header, "token"), Text(header, "event_id"), @event);
        }

        var type = Text(root, "type") == "event_callback" && @event is { } body ? Text(body, "type") : Text(root, "type");
        return (type, Text(root, "token"), Text(root, "uuid"), @event);
    }

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
