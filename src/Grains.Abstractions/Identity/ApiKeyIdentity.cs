namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>Who an authenticated API key acts for, and what it may do.</summary>
[GenerateSerializer, Immutable, Alias("pa.ApiKeyIdentity")]
public sealed record ApiKeyIdentity(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] ApiKeyGrant Grant);
