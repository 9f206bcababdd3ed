namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>
/// Keyed by the SHA-256 of a one-time code handed to the web app after a provider sign-in (the code itself is
/// never stored). Single use, short-lived, memory only.
/// </summary>
[Alias("pa.IOidcSignInCodeGrain")]
public interface IOidcSignInCodeGrain : IGrainWithStringKey
{
    /// <summary>Records what the code stands for; false when this key is already in use.</summary>
    [Alias("Issue")]
    Task<bool> Issue(OidcSignInGrant grant);

    /// <summary>The grant, once: null when unknown, expired or already redeemed.</summary>
    [Alias("Redeem")]
    Task<OidcSignInGrant?> Redeem();
}
