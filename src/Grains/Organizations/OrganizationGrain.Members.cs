using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Organizations;

/// <summary>Leaving, removing members and changing roles, under <see cref="OrgPolicy"/>.</summary>
public sealed partial class OrganizationGrain
{
    public async Task<OrgResult<bool>> RemoveMember(Guid actingUserId, Guid memberId)
    {
        if (Refusal(actingUserId, OrgRoles.Member) is { } error)
        {
            return OrgResult<bool>.Fail(error);
        }

        if (state.State.Members.GetValueOrDefault(memberId) is not { } entry)
        {
            return OrgResult<bool>.Fail(OrgErrors.NotFound);
        }

        if (OrgPolicy.RemoveRefusal(state.State.Members[actingUserId].Role, entry.Role, actingUserId == memberId, Owners) is { } refused)
        {
            return OrgResult<bool>.Fail(refused);
        }

        // Seats first: if a release fails, the member stays and a retry finishes; nobody keeps a seat outside the organization.
        foreach (var licenseId in state.State.Licenses)
        {
            await GrainFactory.GetGrain<ILicenseGrain>(licenseId).ReleaseSeat(OrgId, memberId);
        }

        // From this write on, the organization's projects refuse them (project grains ask RoleOf on every access).
        state.State.Members.Remove(memberId);
        await state.WriteOrUndoAsync(() => state.State.Members[memberId] = entry);
        Audit(AuditKinds.OrgMemberRemoved, memberId, actingUserId == memberId ? "left" : $"by {actingUserId}");
        await FollowUpAsync("dropping the organization from the member's list", memberId.ToString(),
            () => GrainFactory.GetGrain<IUserGrain>(memberId).ForgetOrg(OrgId));
        foreach (var projectId in state.State.Projects.Keys)
        {
            // One-way: the project closes the member's live sessions unless they are a member of it in their own right.
            GrainFactory.GetGrain<IProjectGrain>(projectId).OrgAccessEnded(memberId).Ignore();
        }

        return OrgResult<bool>.Ok(true);
    }

    public async Task<OrgResult<bool>> SetRole(Guid actingUserId, Guid memberId, string role)
    {
        if (Refusal(actingUserId, OrgRoles.Admin) is { } error)
        {
            return OrgResult<bool>.Fail(error);
        }

        if (state.State.Members.GetValueOrDefault(memberId) is not { } entry)
        {
            return OrgResult<bool>.Fail(OrgErrors.NotFound);
        }

        if (OrgPolicy.RoleChangeRefusal(state.State.Members[actingUserId].Role, entry.Role, role, Owners) is { } refused)
        {
            return OrgResult<bool>.Fail(refused);
        }

        if (entry.Role != role)
        {
            var previous = entry.Role;
            entry.Role = role;
            await state.WriteOrUndoAsync(() => entry.Role = previous);
            Audit(AuditKinds.OrgMemberRoleChanged, memberId, $"{previous} -> {role} by {actingUserId}");
            await FollowUpAsync("listing the new role", memberId.ToString(),
                () => GrainFactory.GetGrain<IUserGrain>(memberId).RecordOrg(new OrgMembership(OrgId, state.State.Name, role)));
        }

        return OrgResult<bool>.Ok(true);
    }
}
