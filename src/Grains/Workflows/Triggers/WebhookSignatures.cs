using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>
/// Checking a webhook's <c>X-PA-Signature: sha256=&lt;hex&gt;</c>: the HMAC-SHA256 of the raw body under the trigger's
/// secret, or, when the sender adds <c>X-PA-Timestamp</c> (Unix seconds), of <c>"{timestamp}." + body</c>, which must
/// then be within <see cref="Tolerance"/> of now, so a captured request cannot be replayed later. Digests are compared
/// in constant time.
/// </summary>
public static class WebhookSignatures
{
    public const string Prefix = "sha256=";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the delivery is signed by <paramref name="secret"/> (and fresh), else the refusal's code.</summary>
    public static string? Check(byte[] secret, WebhookDelivery delivery, bool requireTimestamp, DateTimeOffset now)
    {
        if (delivery.Signature is not { } header || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || header.Length != Prefix.Length + 64 || !TryHex(header.AsSpan(Prefix.Length), out var given))
        {
            return TriggerErrors.InvalidSignature;
        }

        if (delivery.Timestamp is null)
        {
            return requireTimestamp ? TriggerErrors.StaleTimestamp : Verify(secret, [], delivery.Body, given);
        }

        if (!long.TryParse(delivery.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return TriggerErrors.StaleTimestamp;
        }

        // The signature is checked first, so a stale answer tells nobody anything about an unsigned request.
        var signed = Verify(secret, Encoding.ASCII.GetBytes(delivery.Timestamp + "."), delivery.Body, given);
        return signed ?? ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance ? TriggerErrors.StaleTimestamp : null);
    }

    /// <summary>The header value a sender puts on <paramref name="body"/> (for tests and the docs' example).</summary>
    public static string Sign(byte[] secret, byte[] body, string? timestamp = null)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        if (timestamp is not null)
        {
            hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        }

        hmac.AppendData(body);
        return Prefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    private static string? Verify(byte[] secret, byte[] prefix, byte[] body, byte[] given)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return CryptographicOperations.FixedTimeEquals(hmac.GetHashAndReset(), given) ? null : TriggerErrors.InvalidSignature;
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length;
    }
}
