namespace PowerAutomation.Grains.Abstractions.Identity.Oidc;

/// <summary>
/// Keyed by a sign-in's random <c>state</c>: what it started with, for any gateway the provider sends the user back
/// to. Single use; memory only (a lost silo loses sign-ins in flight, which the user starts again).
/// </summary>
[Alias("pa.IOidcStateGrain")]
public interface IOidcStateGrain : IGrainWithStringKey
{
    /// <summary>Records a new sign-in; false when this state already holds one (a collision never reuses it).</summary>
    [Alias("Begin")]
    Task<bool> Begin(OidcPendingSignIn pending);

    /// <summary>The pending sign-in, once: null when unknown, expired or already taken.</summary>
    [Alias("Take")]
    Task<OidcPendingSignIn?> Take();
}
