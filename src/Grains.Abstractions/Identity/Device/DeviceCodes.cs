using System.Security.Cryptography;
using System.Text;

namespace PowerAutomation.Grains.Abstractions.Identity.Device;

/// <summary>
/// The two codes of a device authorization (RFC 8628): a long random device code only the device holds (stored as
/// its SHA-256), and a short user code a person types. User codes use RFC 8628 §6.1's base-20 consonants, so they
/// have no vowels (no words), no look-alike digits, and are typed without modifier keys.
/// </summary>
public static class DeviceCodes
{
    public const string Alphabet = "BCDFGHJKLMNPQRSTVWXZ";

    public const int UserCodeLength = 8;

    /// <summary>The longest text accepted as a user code before normalising (dashes and spaces included).</summary>
    public const int MaxUserCodeInput = 32;

    public const int MaxDeviceCodeLength = 100;

    public static string NewDeviceCode() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The device code's stored form and the key of its grain.</summary>
    public static string Hash(string deviceCode) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(deviceCode)));

    /// <summary>A fresh user code in canonical form (eight letters, no dash).</summary>
    public static string NewUserCode()
    {
        var code = new char[UserCodeLength];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(code);
    }

    /// <summary>
    /// The canonical form of what a person typed: case folded, dashes and spaces dropped; null when it cannot be a
    /// user code (wrong length or a character outside the alphabet).
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrEmpty(typed) || typed.Length > MaxUserCodeInput)
        {
            return null;
        }

        var code = new StringBuilder(UserCodeLength);
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || code.Length == UserCodeLength)
            {
                return null;
            }

            code.Append(upper);
        }

        return code.Length == UserCodeLength ? code.ToString() : null;
    }

    /// <summary>How a user code is shown: two groups of four, <c>BCDF-GHJK</c>.</summary>
    public static string Display(string canonical) =>
        canonical.Length == UserCodeLength ? $"{canonical[..4]}-{canonical[4..]}" : canonical;
}
