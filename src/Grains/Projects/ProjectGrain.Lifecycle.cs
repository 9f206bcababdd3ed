using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Projects;

/// <summary>Reading, renaming and deleting the project itself.</summary>
public sealed partial class ProjectGrain
{
    /// <summary>How many grains a fan-out (members' lists, documents) calls at once.</summary>
    private const int FanOut = 16;

    public async Task<ProjectResult<ProjectDetails>> GetDetails(Guid actingUserId)
    {
        var role = await RoleAsync(actingUserId);
        return Decide(role, ProjectRoles.Viewer) is { } error ? ProjectResult<ProjectDetails>.Fail(error) : ProjectResult<ProjectDetails>.Ok(Details(role!));
    }

    public async Task<ProjectResult<ProjectDetails>> Rename(Guid actingUserId, string name)
    {
        var actingRole = await RoleAsync(actingUserId);
        if (Decide(actingRole, ProjectRoles.Owner) is { } error)
        {
            return ProjectResult<ProjectDetails>.Fail(error);
        }

        if (ProjectNames.Check(name, out _) is not { } checkedName)
        {
            return ProjectResult<ProjectDetails>.Fail(ProjectErrors.InvalidName);
        }

        var previous = state.State.Name;
        if (checkedName != previous)
        {
            state.State.Name = checkedName;
            await state.WriteOrUndoAsync(() => state.State.Name = previous);

            // Members' lists and invitees' inboxes are copies: refreshed after the project's own write.
            await GrainSteps.ForEachAsync(FanOut, state.State.Members.ToList(), member => FollowUpAsync("listing the new name", member.Key.ToString(),
                () => GrainFactory.GetGrain<IUserGrain>(member.Key).RecordProject(new ProjectMembership(ProjectId, checkedName, member.Value))));
            await GrainSteps.ForEachAsync(FanOut, state.State.Invitations.ToList(), invitation => FollowUpAsync("renaming an invitation", invitation.Value.InvitationId.ToString(),
                () => RenameInvitationAsync(invitation.Key, invitation.Value.InvitationId, checkedName)));
        }

        await TellOrgAsync(checkedName);
        return ProjectResult<ProjectDetails>.Ok(Details(actingRole!));
    }

    public async Task<ProjectResult<bool>> Delete(Guid actingUserId)
    {
        // Not Refusal: a tombstone still knows its owners until the clean-up is done, so an owner can finish it.
        var role = await RoleAsync(actingUserId, evenIfDeleted: true);
        if (role is null)
        {
            return ProjectResult<bool>.Fail(ProjectErrors.NotFound);
        }

        if (role != ProjectRoles.Owner)
        {
            return ProjectResult<bool>.Fail(state.State.Deleted ? ProjectErrors.NotFound : ProjectErrors.Forbidden);
        }

        if (!state.State.Deleted)
        {
            // From this write on, every access check (documents included) says no.
            state.State.Deleted = true;
            await state.WriteOrUndoAsync(() => state.State.Deleted = false);
        }

        await GrainSteps.ForEachAsync(FanOut, state.State.Documents.Values.ToList(), documentId => GrainFactory.GetGrain<IDocumentGrain>(documentId).Delete());
        await GrainSteps.ForEachAsync(FanOut, state.State.Members.Keys.ToList(), memberId => GrainFactory.GetGrain<IUserGrain>(memberId).ForgetProject(ProjectId));
        await GrainSteps.ForEachAsync(FanOut, state.State.Invitations.ToList(),
            invitation => GrainFactory.GetGrain<IInvitationInboxGrain>(invitation.Key).Remove(invitation.Value.InvitationId));

        state.State.Documents.Clear();
        state.State.Members.Clear();
        state.State.Invitations.Clear();
        _pathOf.Clear();
        await state.WriteStateAsync();
        await TellOrgAsync(null);
        return ProjectResult<bool>.Ok(true);
    }

    private ProjectDetails Details(string role)
    {
        var members = state.State.Members.Select(m => new ProjectMember(m.Key, m.Value)).ToList();
        var invitations = role == ProjectRoles.Owner
            ? state.State.Invitations.OrderBy(i => i.Value.CreatedAt)
                .Select(i => new ProjectInvitation(i.Value.InvitationId, i.Key, i.Value.Role, i.Value.InvitedBy, i.Value.CreatedAt)).ToList()
            : null;
        return new ProjectDetails(ProjectId, state.State.Name, role, members, invitations, state.State.OrgId);
    }

    private async Task RenameInvitationAsync(string email, Guid invitationId, string name)
    {
        var inbox = GrainFactory.GetGrain<IInvitationInboxGrain>(email);
        if (await inbox.Find(invitationId) is { } shown)
        {
            await inbox.Add(shown with { ProjectName = name });
        }
    }

    /// <summary>A step after the decisive write: logged when it fails, never undoing what was decided.</summary>
    private async Task FollowUpAsync(string step, string target, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception)
        {
            LogFollowUpFailed(exception, ProjectId, step, target);
        }
    }
}
