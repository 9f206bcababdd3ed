using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Identity.Oidc;

namespace PowerAutomation.Grains.Identity;

/// <summary>
/// OIDC links and password-less sessions. The link index (<c>OidcLinkGrain</c>) decides which account an identity
/// belongs to; this account's state is the record of which links it holds.
/// </summary>
public sealed partial class UserGrain
{
    public async Task<OidcSignInStatus> LinkOidc(OidcIdentity identity, bool newAccount)
    {
        EnsureExists();
        if (state.State.Disabled)
        {
            return OidcSignInStatus.AccountDisabled;
        }

        if (state.State.OidcLinks.ContainsKey(identity.LinkKey))
        {
            return OidcSignInStatus.SignedIn;
        }

        // An unvouched address may only start a fresh, empty account: never one with a password, a link or a licence.
        var pristine = state.State.PasswordHash is null && state.State.OidcLinks.Count == 0 && state.State.Licenses.Count == 0;
        if (!identity.EmailVerified && !(newAccount && pristine))
        {
            Audit(AuditKinds.OidcLinkRefused, $"{identity.Provider}: e-mail not verified by the provider");
            return OidcSignInStatus.EmailUnverified;
        }

        var reclaimed = identity.EmailVerified && !state.State.EmailVerified && !pristine;
        if (reclaimed)
        {
            await ReclaimAsync();
        }

        if (newAccount && identity.Name is { } name && DisplayNames.Check(name, out _) is { } displayName)
        {
            state.State.DisplayName = displayName;
        }

        state.State.EmailVerified |= identity.EmailVerified;
        state.State.OidcLinks[identity.LinkKey] = new OidcLink
        {
            Provider = identity.Provider,
            Subject = identity.Subject,
            LinkedAt = time.GetUtcNow(),
            AddressVouched = identity.EmailVerified,
        };
        await state.WriteStateAsync();
        Audit(AuditKinds.OidcLinked, $"{identity.Provider}{(newAccount ? " (new account)" : "")}{(reclaimed ? " (reclaimed)" : "")}");
        await directory.UpsertAsync(ToProfile());
        return OidcSignInStatus.SignedIn;
    }

    public Task<OidcSignInStatus> CheckOidcLink(string provider, string subject)
    {
        if (!Exists || !state.State.OidcLinks.ContainsKey(OidcIdentity.KeyOf(provider, subject)))
        {
            return Task.FromResult(OidcSignInStatus.NotLinked);
        }

        return Task.FromResult(state.State.Disabled ? OidcSignInStatus.AccountDisabled : OidcSignInStatus.SignedIn);
    }

    public async Task<SessionResult> OpenOidcSession(string provider, string subject, string? ipAddress)
    {
        // The provider's sign-in stands in for the password and the second factor.
        if (!Exists || state.State.Disabled || !state.State.OidcLinks.TryGetValue(OidcIdentity.KeyOf(provider, subject), out var link))
        {
            return SessionResult.Failed(SessionStatus.InvalidCredentials);
        }

        link.LastSignInAt = time.GetUtcNow();
        var token = OpenSession(new SessionOrigin("oidc:" + provider, ipAddress, null));
        await state.WriteStateAsync();
        Audit(AuditKinds.OidcSignedIn, provider, ipAddress);
        return new SessionResult(SessionStatus.Succeeded, ToProfile(), token.ToString());
    }

    public async Task ForgetUnvouchedOidcLinks()
    {
        var unvouched = state.State.OidcLinks.Where(l => !l.Value.AddressVouched).Select(l => l.Key).ToList();
        if (unvouched.Count == 0)
        {
            return;
        }

        foreach (var key in unvouched)
        {
            state.State.OidcLinks.Remove(key);
        }

        await state.WriteStateAsync();
        Audit(AuditKinds.OidcLinksDropped, string.Join(", ", unvouched.Select(k => k[..k.IndexOf('|')])));
    }

    /// <summary>
    /// The provider proved the address; whoever set this account up never did (anyone may register any address).
    /// Everything they could sign in with goes: password, second factor, sessions, API keys and unvouched links.
    /// The account's data stays with the address's owner.
    /// </summary>
    private async Task ReclaimAsync()
    {
        foreach (var keyId in state.State.ApiKeys.Keys)
        {
            await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Revoke();
        }

        state.State.ApiKeys.Clear();
        state.State.PasswordHash = null;
        state.State.TotpSecret = null;
        state.State.PendingTotpSecret = null;
        state.State.RecoveryCodeHashes.Clear();
        foreach (var family in state.State.Sessions.Values.Where(f => f.RevokedBecause is null))
        {
            family.RevokedBecause = "oidc_reclaimed";
        }

        state.State.OidcLinks.Clear();
        Audit(AuditKinds.OidcAccountReclaimed, "password, second factor, sessions, API keys and unvouched links removed");
    }
}
