namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>Which account a provider's identity signs in to, or why none.</summary>
[GenerateSerializer, Immutable, Alias("pa.OidcSignInOutcome")]
public sealed record OidcSignInOutcome([property: Id(0)] OidcSignInStatus Status, [property: Id(1)] Guid? UserId)
{
    public static OidcSignInOutcome Refused(OidcSignInStatus status) => new(status, null);
}

[GenerateSerializer, Alias("pa.OidcSignInStatus")]
public enum OidcSignInStatus
{
    SignedIn = 0,

    /// <summary>The ID token has no usable e-mail, and no link exists yet.</summary>
    EmailMissing = 1,

    /// <summary>Linking would be needed, and the provider does not vouch for the e-mail.</summary>
    EmailUnverified = 2,

    AccountDisabled = 3,

    /// <summary>The user holds no such link (it was dropped); the index entry is stale.</summary>
    NotLinked = 4,
}
