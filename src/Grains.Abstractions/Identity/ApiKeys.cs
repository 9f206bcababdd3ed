using System.Diagnostics.CodeAnalysis;

namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>A newly created API key; <see cref="ApiKey"/> is shown once and never stored.</summary>
[GenerateSerializer, Immutable, Alias("pa.ApiKeyCreated")]
public sealed record ApiKeyCreated(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string ApiKey,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] ApiKeyGrant? Grant = null);

/// <summary>
/// What the key index stores for one key: its owner, a hash of its secret and its grant (null in keys stored before
/// grants existed: those are full-access).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] string SecretHash,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] ApiKeyGrant? Grant = null)
{
    public ApiKeyGrant EffectiveGrant => Grant ?? ApiKeyGrant.FullAccess;
}

/// <summary>API keys look like <c>pa_{keyId}_{secret}</c>; the key id routes to the key's grain.</summary>
public static class ApiKeyFormat
{
    public const string Prefix = "pa_";

    /// <summary>How many characters of the key id <see cref="DisplayPrefix"/> shows.</summary>
    public const int DisplayedKeyIdChars = 8;

    public static string Compose(string keyId, string secret) => $"{Prefix}{keyId}_{secret}";

    /// <summary>The start of the key as its owner holds it (<c>pa_</c> and part of the public key id, never the secret).</summary>
    public static string DisplayPrefix(string keyId) => Prefix + keyId[..Math.Min(DisplayedKeyIdChars, keyId.Length)];

    public static bool TryParse(string? value, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out string? secret)
    {
        keyId = null;
        secret = null;
        if (value is null || value.Length > 200 || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value[Prefix.Length..];
        var separator = rest.IndexOf('_');
        if (separator != 32 || rest.Length - separator - 1 < 16
            || !Guid.TryParseExact(rest[..separator], "N", out _))
        {
            return false;
        }

        keyId = rest[..separator];
        secret = rest[(separator + 1)..];
        return true;
    }
}
