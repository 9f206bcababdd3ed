namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>What a sign-in started with, kept under its <c>state</c> until the provider sends the user back.</summary>
[GenerateSerializer, Immutable, Alias("pa.OidcPendingSignIn")]
public sealed record OidcPendingSignIn(
    [property: Id(0)] string Provider,
    [property: Id(1)] string CodeVerifier,
    [property: Id(2)] string Nonce,
    [property: Id(3)] string RedirectUri,
    [property: Id(4)] DateTimeOffset ExpiresAt);
