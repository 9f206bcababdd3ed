namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>What a one-time sign-in code stands for: the user and the link it signed in through.</summary>
[GenerateSerializer, Immutable, Alias("pa.OidcSignInGrant")]
public sealed record OidcSignInGrant(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Subject,
    [property: Id(3)] DateTimeOffset ExpiresAt);
