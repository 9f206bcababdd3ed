using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PowerAutomation.Grains.Security;

/// <summary>
/// Encrypts small secrets kept at rest (TOTP seeds) with AES-256-GCM. A sealed value is
/// <c>v1.{keyId}.{base64url(nonce ‖ ciphertext ‖ tag)}</c>: a random 96-bit nonce per value, and the owner's
/// <c>context</c> (a user id) as associated data, so a sealed value copied onto another record does not open.
/// New values use the first key; older keys only open what they sealed, so keys can be rotated.
/// </summary>
public sealed class SecretSealer
{
    private const string Version = "v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly (string Id, byte[] Key) _current;
    private readonly Dictionary<string, byte[]> _keys;

    /// <param name="keys">32-byte keys, the one that seals first.</param>
    public SecretSealer(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0 || keys.Any(k => k.Length != 32))
        {
            throw new ArgumentException("Data keys are 32 bytes (AES-256), and at least one is needed.", nameof(keys));
        }

        _keys = keys.DistinctBy(KeyId).ToDictionary(KeyId, k => k);
        _current = (KeyId(keys[0]), keys[0]);
    }

    /// <summary>Whether <paramref name="value"/> is a sealed value (anything else was stored before sealing began).</summary>
    public static bool IsSealed(string value) => value.StartsWith(Version + ".", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="value"/> was sealed with the current key (false: seal it again after a rotation).</summary>
    public bool IsCurrent(string value) => IsSealed(value) && value.Split('.') is [_, var keyId, _] && keyId == _current.Id;

    public string Seal(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var box = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = box.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagBytes);
        aes.Encrypt(nonce, plain, box.AsSpan(NonceBytes, plain.Length), box.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(context));
        return $"{Version}.{_current.Id}.{Base64Url.EncodeToString(box)}";
    }

    /// <summary>The plaintext of a sealed value; a value stored before sealing began is returned as it is.</summary>
    /// <exception cref="CryptographicException">The value was altered, sealed for another context, or by an unknown key.</exception>
    public string Open(string value, string context)
    {
        if (!IsSealed(value))
        {
            return value;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !_keys.TryGetValue(parts[1], out var key) || !Base64Url.IsValid(parts[2]))
        {
            throw new CryptographicException("The sealed value names no known data key or is malformed.");
        }

        var box = Base64Url.DecodeFromChars(parts[2]);
        if (box.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        var plain = new byte[box.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(box.AsSpan(0, NonceBytes), box.AsSpan(NonceBytes, plain.Length), box.AsSpan(NonceBytes + plain.Length), plain,
            Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A key's public name: the first 8 hex digits of SHA-256 over it (says which key, tells nothing of it).</summary>
    public static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];
}
