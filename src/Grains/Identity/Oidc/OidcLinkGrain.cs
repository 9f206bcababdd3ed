using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Identity.Oidc;

namespace PowerAutomation.Grains.Identity.Oidc;

/// <summary>
/// The index entry of one provider identity. The user grain holds the link itself; this entry only finds it, so an
/// entry whose link was dropped (an account reclaimed) is noticed and decided again.
/// </summary>
public sealed class OidcLinkGrain(
    [PersistentState("oidcLink", StorageNames.Grains)] IPersistentState<OidcLinkState> state) : Grain, IOidcLinkGrain
{
    public async Task<OidcSignInOutcome> SignIn(OidcIdentity identity)
    {
        if (identity.LinkKey != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("The identity does not belong to this index entry.", nameof(identity));
        }

        if (state.State.UserId is { } linked)
        {
            var status = await GrainFactory.GetGrain<IUserGrain>(linked).CheckOidcLink(identity.Provider, identity.Subject);
            if (status != OidcSignInStatus.NotLinked)
            {
                return new OidcSignInOutcome(status, status == OidcSignInStatus.SignedIn ? linked : null);
            }
        }

        if (identity.Email is null)
        {
            return OidcSignInOutcome.Refused(OidcSignInStatus.EmailMissing);
        }

        var emailIndex = GrainFactory.GetGrain<IEmailIndexGrain>(identity.Email);
        var owner = await emailIndex.Find();
        var newAccount = owner is null;

        // A new account has no password; the e-mail index makes it, so an address still has exactly one owner.
        var userId = owner ?? await emailIndex.ProvideAccount();
        var outcome = await GrainFactory.GetGrain<IUserGrain>(userId).LinkOidc(identity, newAccount);
        if (outcome != OidcSignInStatus.SignedIn)
        {
            return OidcSignInOutcome.Refused(outcome);
        }

        state.State.UserId = userId;
        await state.WriteStateAsync();
        return new OidcSignInOutcome(OidcSignInStatus.SignedIn, userId);
    }
}

[GenerateSerializer, Alias("pa.OidcLinkState")]
public sealed class OidcLinkState
{
    [Id(0)] public Guid? UserId { get; set; }
}
