using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Grains.Identity;

/// <summary>The user's licences and what they entitle to; quota grains are told at once when that changes.</summary>
public sealed partial class UserGrain
{
    public async Task AttachLicense(LicenseSummary license)
    {
        EnsureExists();
        state.State.Licenses[license.LicenseId] = license;
        HoldIfUnclaimed(license.LicenseId);
        await state.WriteStateAsync();
        await PushEntitlementsAsync();
    }

    /// <summary>Tells the quota grains of the user and of each API key what the user is entitled to now.</summary>
    private async Task PushEntitlementsAsync()
    {
        var entitlements = Entitle();
        var quotaKeys = state.State.ApiKeys.Keys.Select(keyId => QuotaKeys.ForApiKey(UserId, keyId)).Append(QuotaKeys.ForUser(UserId));
        await Task.WhenAll(quotaKeys.Select(key => GrainFactory.GetGrain<IQuotaGrain>(key).SetEntitlements(entitlements)));
    }

    public Task<Entitlements> GetEntitlements() => Task.FromResult(Entitle());

    public Task<Account?> GetAccount() => Task.FromResult(Exists ? new Account(ToProfile(), Entitle()) : null);

    /// <summary>The best licence valid now (highest edition, then latest expiry), else community.</summary>
    private Entitlements Entitle()
    {
        var now = time.GetUtcNow();
        // Licences held for an unclaimed address count once it is verified; named seats of org licences count as the user's own.
        var best = state.State.Licenses.Values.Where(license => !IsHeld(license)).Concat(state.State.Seats.Values)
            .Where(license => license.IsValidAt(now))
            .OrderByDescending(license => Editions.Rank(license.Edition))
            .ThenByDescending(license => license.ExpiresAt)
            .FirstOrDefault();
        if (best is null)
        {
            return new Entitlements(Editions.Community, [], licensing.Value.DefaultsFor(Editions.Community), null, null);
        }

        // Entitlements change when the best licence expires (another may take over), so they are good until then.
        return new Entitlements(best.Edition, best.Features, best.Limits.Over(licensing.Value.DefaultsFor(best.Edition)), best.LicenseId, best.ExpiresAt);
    }
}
