using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Organizations;

/// <summary>
/// The organization's licences and who may hold their seats. The organization checks who asks and that the user is a
/// member; the licence grain counts the seats (exact under concurrency) and tells the seated user.
/// </summary>
public sealed partial class OrganizationGrain
{
    public Task<bool> CanHoldLicense() => Task.FromResult(Exists && Owners > 0 && state.State.Licenses.Count < options.Value.MaxLicenses);

    public async Task<Guid?> AttachLicense(string licenseId)
    {
        if (!Exists || Owners == 0)
        {
            return null;
        }

        // The bound is checked before issuing (CanHoldLicense): a licence already signed is never refused here.
        if (!state.State.Licenses.Contains(licenseId))
        {
            state.State.Licenses.Add(licenseId);
            await state.WriteOrUndoAsync(() => state.State.Licenses.Remove(licenseId));
        }

        // The contact recorded with the licence: the longest-standing owner.
        return state.State.Members.Where(m => m.Value.Role == OrgRoles.Owner).MinBy(m => m.Value.JoinedAt).Key;
    }

    public async Task<OrgResult<bool>> AssignSeat(Guid actingUserId, string licenseId, Guid userId)
    {
        if (SeatRefusal(actingUserId, licenseId) is { } error)
        {
            return OrgResult<bool>.Fail(error);
        }

        if (!state.State.Members.ContainsKey(userId))
        {
            return OrgResult<bool>.Fail(OrgErrors.NotAMember);
        }

        var refused = await GrainFactory.GetGrain<ILicenseGrain>(licenseId).AssignSeat(OrgId, userId);
        return refused is null ? OrgResult<bool>.Ok(true) : OrgResult<bool>.Fail(refused);
    }

    public async Task<OrgResult<bool>> ReleaseSeat(Guid actingUserId, string licenseId, Guid userId)
    {
        if (SeatRefusal(actingUserId, licenseId) is { } error)
        {
            return OrgResult<bool>.Fail(error);
        }

        var refused = await GrainFactory.GetGrain<ILicenseGrain>(licenseId).ReleaseSeat(OrgId, userId);
        return refused is null ? OrgResult<bool>.Ok(true) : OrgResult<bool>.Fail(refused);
    }

    /// <summary>Owners and admins manage seats, of the organization's own licences only.</summary>
    private string? SeatRefusal(Guid actingUserId, string licenseId) => Refusal(actingUserId, OrgRoles.Admin) switch
    {
        { } error => error,
        _ when !state.State.Licenses.Contains(licenseId) => OrgErrors.NotFound,
        _ => null,
    };
}
