using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Projects;

/// <summary>
/// Membership by consent: an owner invites an address, its holder accepts. The answer to an invitation is the
/// same whether or not the address has an account. The project decides; the inbox only shows.
/// </summary>
public sealed partial class ProjectGrain
{
    public async Task<ProjectResult<bool>> Invite(Guid actingUserId, string email, string role)
    {
        if (await RefusalAsync(actingUserId, ProjectRoles.Owner) is { } error)
        {
            return ProjectResult<bool>.Fail(error);
        }

        // A member only changes role: the owner already knows who the members are, so this tells them nothing.
        if (await GrainFactory.GetGrain<IEmailIndexGrain>(email).Find() is { } userId && state.State.Members.ContainsKey(userId))
        {
            return await SetMember(actingUserId, userId, role);
        }

        var invitations = state.State.Invitations;
        if (!invitations.TryGetValue(email, out var pending) && invitations.Count >= options.Value.MaxPendingInvitationsPerProject)
        {
            return ProjectResult<bool>.Fail(ProjectErrors.TooManyInvitations);
        }

        // Asking again updates the one invitation (same id) rather than adding another.
        pending ??= new PendingInvitation { InvitationId = Guid.NewGuid(), CreatedAt = time.GetUtcNow() };
        var inviter = await GrainFactory.GetGrain<IUserGrain>(actingUserId).GetProfile();
        var shown = new Invitation(pending.InvitationId, ProjectId, state.State.Name, role, inviter?.Email ?? "", pending.CreatedAt);

        // The inbox first: if the project's write fails after it, accepting finds no match here and cleans the inbox.
        if (!await GrainFactory.GetGrain<IInvitationInboxGrain>(email).Add(shown))
        {
            return ProjectResult<bool>.Fail(ProjectErrors.TooManyInvitations);
        }

        pending.Role = role;
        pending.InvitedBy = actingUserId;
        invitations[email] = pending;
        await state.WriteStateAsync();
        return ProjectResult<bool>.Ok(true);
    }

    public async Task<ProjectResult<bool>> AnswerInvitation(Guid invitationId, string email, Guid userId, bool accept)
    {
        var inbox = GrainFactory.GetGrain<IInvitationInboxGrain>(email);
        if (state.State.Deleted || !state.State.Invitations.TryGetValue(email, out var pending) || pending.InvitationId != invitationId)
        {
            await inbox.Remove(invitationId);
            return ProjectResult<bool>.Fail(ProjectErrors.NotFound);
        }

        state.State.Invitations.Remove(email);
        var role = pending.Role;
        if (accept)
        {
            // The last owner stays an owner, even if they accept a lesser role.
            var current = state.State.Members.GetValueOrDefault(userId);
            if (current == ProjectRoles.Owner && Owners == 1)
            {
                role = ProjectRoles.Owner;
            }

            state.State.Members[userId] = role;
        }

        await state.WriteStateAsync();
        if (accept)
        {
            await GrainFactory.GetGrain<IUserGrain>(userId).RecordProject(new ProjectMembership(ProjectId, state.State.Name, role));
        }

        await inbox.Remove(invitationId);
        return ProjectResult<bool>.Ok(true);
    }
}
