using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Organizations;

/// <summary>
/// Membership by consent, as for projects: owners and admins invite an address, its holder accepts through the same
/// inbox (<see cref="IInvitationInboxGrain"/>) and the same routes. The organization decides; the inbox only shows.
/// </summary>
public sealed partial class OrganizationGrain
{
    public async Task<OrgResult<bool>> Invite(Guid actingUserId, string email, string role)
    {
        if (Refusal(actingUserId, OrgRoles.Admin) is { } error)
        {
            return OrgResult<bool>.Fail(error);
        }

        var actorRole = state.State.Members[actingUserId].Role;
        if (OrgPolicy.InviteRefusal(actorRole, role) is { } refused)
        {
            return OrgResult<bool>.Fail(refused);
        }

        // A member only changes role: the inviter already sees who the members are, so this tells them nothing.
        if (await GrainFactory.GetGrain<IEmailIndexGrain>(email).Find() is { } userId && state.State.Members.ContainsKey(userId))
        {
            return await SetRole(actingUserId, userId, role);
        }

        var invitations = state.State.Invitations;
        if (!invitations.TryGetValue(email, out var pending) && invitations.Count >= options.Value.MaxPendingInvitations)
        {
            return OrgResult<bool>.Fail(OrgErrors.TooManyInvitations);
        }

        // Asking again updates the one invitation (same id) rather than adding another.
        pending ??= new OrgPendingInvitation { InvitationId = Guid.NewGuid(), CreatedAt = time.GetUtcNow() };
        var inviter = await GrainFactory.GetGrain<IUserGrain>(actingUserId).GetProfile();
        var shown = new Invitation(pending.InvitationId, Guid.Empty, "", role, inviter?.Email ?? "", pending.CreatedAt,
            Invitations.Org, OrgId, state.State.Name);

        // The inbox first: if the organization's write fails after it, answering finds no match here and cleans the inbox.
        if (!await GrainFactory.GetGrain<IInvitationInboxGrain>(email).Add(shown))
        {
            return OrgResult<bool>.Fail(OrgErrors.TooManyInvitations);
        }

        pending.Role = role;
        pending.InvitedBy = actingUserId;
        invitations[email] = pending;
        await state.WriteStateAsync();
        Audit(AuditKinds.OrgMemberInvited, actingUserId, $"{email} as {role}");
        return OrgResult<bool>.Ok(true);
    }

    public async Task<OrgResult<bool>> AnswerInvitation(Guid invitationId, string email, Guid userId, bool accept)
    {
        var inbox = GrainFactory.GetGrain<IInvitationInboxGrain>(email);
        if (!state.State.Invitations.TryGetValue(email, out var pending) || pending.InvitationId != invitationId)
        {
            await inbox.Remove(invitationId);
            return OrgResult<bool>.Fail(OrgErrors.NotFound);
        }

        var joining = accept && !state.State.Members.ContainsKey(userId);
        if (joining && state.State.Members.Count >= options.Value.MaxMembers)
        {
            return OrgResult<bool>.Fail(OrgErrors.TooManyMembers);
        }

        state.State.Invitations.Remove(email);
        var previous = state.State.Members.GetValueOrDefault(userId);
        if (accept)
        {
            // The last owner stays an owner, even if they accept a lesser role.
            var role = previous?.Role == OrgRoles.Owner && Owners == 1 ? OrgRoles.Owner : pending.Role;
            state.State.Members[userId] = new OrgMemberEntry { Role = role, JoinedAt = previous?.JoinedAt ?? time.GetUtcNow() };
        }

        await state.WriteOrUndoAsync(() =>
        {
            state.State.Invitations[email] = pending;
            if (previous is null)
            {
                state.State.Members.Remove(userId);
            }
            else
            {
                state.State.Members[userId] = previous;
            }
        });
        Audit(accept ? AuditKinds.OrgMemberJoined : AuditKinds.OrgInvitationDeclined, userId, accept ? state.State.Members[userId].Role : null);
        if (accept)
        {
            await GrainFactory.GetGrain<IUserGrain>(userId).RecordOrg(new OrgMembership(OrgId, state.State.Name, state.State.Members[userId].Role));
        }

        await FollowUpAsync("clearing the inbox", invitationId.ToString(), () => inbox.Remove(invitationId));
        return OrgResult<bool>.Ok(true);
    }

    public async Task<OrgResult<bool>> CancelInvitation(Guid actingUserId, Guid invitationId)
    {
        if (Refusal(actingUserId, OrgRoles.Admin) is { } error)
        {
            return OrgResult<bool>.Fail(error);
        }

        if (state.State.Invitations.FirstOrDefault(i => i.Value.InvitationId == invitationId) is not { Key: { } email, Value: { } pending })
        {
            return OrgResult<bool>.Fail(OrgErrors.NotFound);
        }

        state.State.Invitations.Remove(email);
        await state.WriteOrUndoAsync(() => state.State.Invitations[email] = pending);
        await FollowUpAsync("withdrawing the invitation from the inbox", invitationId.ToString(),
            () => GrainFactory.GetGrain<IInvitationInboxGrain>(email).Remove(invitationId));
        return OrgResult<bool>.Ok(true);
    }

    private async Task RenameInvitationAsync(string email, Guid invitationId, string name)
    {
        var inbox = GrainFactory.GetGrain<IInvitationInboxGrain>(email);
        if (await inbox.Find(invitationId) is { } shown)
        {
            await inbox.Add(shown with { OrgName = name });
        }
    }
}
