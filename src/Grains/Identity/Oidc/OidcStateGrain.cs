using PowerAutomation.Grains.Abstractions.Identity.Oidc;

namespace PowerAutomation.Grains.Identity.Oidc;

/// <summary>A pending sign-in under its state: memory only, kept active until it expires, taken once.</summary>
public sealed class OidcStateGrain(TimeProvider time) : Grain, IOidcStateGrain
{
    private OidcPendingSignIn? _pending;
    private bool _used;

    public Task<bool> Begin(OidcPendingSignIn pending)
    {
        if (_used || _pending is not null)
        {
            return Task.FromResult(false);
        }

        _pending = pending;
        DelayDeactivation(pending.ExpiresAt - time.GetUtcNow() + TimeSpan.FromMinutes(1));
        return Task.FromResult(true);
    }

    public Task<OidcPendingSignIn?> Take()
    {
        var pending = _pending;
        _pending = null;
        _used = true;
        return Task.FromResult(pending is not null && pending.ExpiresAt > time.GetUtcNow() ? pending : null);
    }
}
