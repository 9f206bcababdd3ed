using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Grains.Identity;

/// <summary>The user's side of organizations: the list of memberships and the named seats held. The org and licence grains decide.</summary>
public sealed partial class UserGrain
{
    public async Task RecordOrg(OrgMembership membership)
    {
        state.State.Orgs[membership.OrgId] = membership;
        await state.WriteStateAsync();
    }

    public async Task ForgetOrg(Guid orgId)
    {
        if (state.State.Orgs.Remove(orgId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<OrgMembership>> GetOrgs() =>
        Task.FromResult<IReadOnlyList<OrgMembership>>(state.State.Orgs.Values.OrderBy(o => o.Name, StringComparer.Ordinal).ToList());

    public async Task SetSeat(LicenseSummary license)
    {
        EnsureExists();
        state.State.Seats[license.LicenseId] = license;
        await state.WriteStateAsync();
        await PushEntitlementsAsync();
    }

    public async Task DropSeat(string licenseId)
    {
        if (state.State.Seats.Remove(licenseId))
        {
            await state.WriteStateAsync();
        }

        // Also when nothing was held: a retry after a failed push must still reach the quota grains.
        if (Exists)
        {
            await PushEntitlementsAsync();
        }
    }

    public Task<IReadOnlyList<LicenseSummary>> GetSeats() =>
        Task.FromResult<IReadOnlyList<LicenseSummary>>(state.State.Seats.Values.OrderBy(s => s.LicenseId, StringComparer.Ordinal).ToList());
}
