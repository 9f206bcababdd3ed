namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>
/// Keyed by <c>provider|sub</c>: the index from a provider's identity to the account it is linked to. Being one
/// non-reentrant grain per identity, it decides concurrent first sign-ins of that identity one after the other.
/// </summary>
[Alias("pa.IOidcLinkGrain")]
public interface IOidcLinkGrain : IGrainWithStringKey
{
    /// <summary>
    /// The account this identity signs in to: its linked account; else the account owning its e-mail, linked only
    /// when the provider vouches for the address; else a new account for the e-mail.
    /// </summary>
    [Alias("SignIn")]
    Task<OidcSignInOutcome> SignIn(OidcIdentity identity);
}
