using PowerAutomation.Grains.Abstractions.Identity.Oidc;

namespace PowerAutomation.Grains.Identity.Oidc;

/// <summary>A one-time sign-in code's grant under the code's hash: memory only, redeemed once.</summary>
public sealed class OidcSignInCodeGrain(TimeProvider time) : Grain, IOidcSignInCodeGrain
{
    private OidcSignInGrant? _grant;
    private bool _used;

    public Task<bool> Issue(OidcSignInGrant grant)
    {
        if (_used || _grant is not null)
        {
            return Task.FromResult(false);
        }

        _grant = grant;
        DelayDeactivation(grant.ExpiresAt - time.GetUtcNow() + TimeSpan.FromMinutes(1));
        return Task.FromResult(true);
    }

    public Task<OidcSignInGrant?> Redeem()
    {
        var grant = _grant;
        _grant = null;
        _used = true;
        return Task.FromResult(grant is not null && grant.ExpiresAt > time.GetUtcNow() ? grant : null);
    }
}
