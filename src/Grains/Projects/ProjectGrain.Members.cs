using Orleans.Streams;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;
using PowerAutomation.Grains.Persistence;

namespace PowerAutomation.Grains.Projects;

/// <summary>Leaving, removing members, and withdrawing invitations.</summary>
public sealed partial class ProjectGrain
{
    public async Task<ProjectResult<bool>> RemoveMember(Guid actingUserId, Guid memberId)
    {
        var actingRole = await RoleAsync(actingUserId);
        if (Decide(actingRole, ProjectRoles.Viewer) is { } error)
        {
            return ProjectResult<bool>.Fail(error);
        }

        if (actingUserId != memberId && actingRole != ProjectRoles.Owner)
        {
            return ProjectResult<bool>.Fail(ProjectErrors.Forbidden);
        }

        if (!state.State.Members.TryGetValue(memberId, out var role))
        {
            return ProjectResult<bool>.Fail(ProjectErrors.NotFound);
        }

        // Someone must still be able to manage the project (and delete it, if that is what the last owner wants).
        if (role == ProjectRoles.Owner && Owners == 1)
        {
            return ProjectResult<bool>.Fail(ProjectErrors.LastOwner);
        }

        // From this write on, every HTTP call and document access of theirs is refused.
        state.State.Members.Remove(memberId);
        await state.WriteOrUndoAsync(() => state.State.Members[memberId] = role);
        await FollowUpAsync("dropping the project from the member's list", memberId.ToString(),
            () => GrainFactory.GetGrain<IUserGrain>(memberId).ForgetProject(ProjectId));
        await GrainSteps.ForEachAsync(FanOut, state.State.Documents.Values.ToList(), documentId => FollowUpAsync("closing live sessions", documentId.ToString(),
            () => DocumentStream(documentId).OnNextAsync(new DocumentEvent(null, null, null, RevokedUserId: memberId))));
        return ProjectResult<bool>.Ok(true);
    }

    public async Task<ProjectResult<bool>> CancelInvitation(Guid actingUserId, Guid invitationId)
    {
        if (await RefusalAsync(actingUserId, ProjectRoles.Owner) is { } error)
        {
            return ProjectResult<bool>.Fail(error);
        }

        if (state.State.Invitations.FirstOrDefault(i => i.Value.InvitationId == invitationId) is not { Key: { } email, Value: { } pending })
        {
            return ProjectResult<bool>.Fail(ProjectErrors.NotFound);
        }

        // The project first: an inbox entry the project no longer knows is cleaned when its holder answers it.
        state.State.Invitations.Remove(email);
        await state.WriteOrUndoAsync(() => state.State.Invitations[email] = pending);
        await FollowUpAsync("withdrawing the invitation from the inbox", invitationId.ToString(),
            () => GrainFactory.GetGrain<IInvitationInboxGrain>(email).Remove(invitationId));
        return ProjectResult<bool>.Ok(true);
    }

    /// <summary>
    /// The document's own stream, published to from here: a document that is not in memory need not be woken to tell
    /// gateways that one user's access ended (its live sessions keep it active anyway).
    /// </summary>
    private IAsyncStream<DocumentEvent> DocumentStream(Guid documentId) =>
        this.GetStreamProvider(StorageNames.Streams).GetStream<DocumentEvent>(StreamId.Create(DocumentStreams.Namespace, documentId));
}
