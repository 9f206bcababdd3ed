namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// One key as its owner's list shows it: never the secret nor its hash. <see cref="LastUsedAt"/> is the key
/// grain's in-memory time of the last authentication; storage holds it at most a minute late.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.ApiKeyDetails")]
public sealed record ApiKeyDetails(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt,
    [property: Id(5)] ApiKeyGrant Grant);
