using System.Security.Cryptography;
using System.Text;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// <c>Idempotency-Key</c> on starting a run: the run id is derived from the caller, the workflow and the key, so every
/// retry of one start names the same run grain, which records a start only once. A key answers its first run for
/// <see cref="Window"/>; after that it is refused rather than silently starting a second run.
/// </summary>
public static class IdempotentStarts
{
    public const int MaxKeyLength = 255;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A key is 1–255 visible ASCII characters (as HTTP header values and Stripe's keys are).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>The run id for this owner, workflow and key: the first 16 bytes of a SHA-256, marked as a version 8 UUID.</summary>
    public static Guid RunId(Guid ownerId, Guid workflowId, string key) => Derive($"pa.run-start\n{ownerId:N}\n{workflowId:N}\n{key}");

    /// <summary>
    /// A run id that is a function of <paramref name="name"/>, so everything that names one start the same way (a
    /// retried request, a trigger's fire recomputed after a crash) reaches the same run grain.
    /// </summary>
    public static Guid Derive(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (RFC 9562), big-endian layout below
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
