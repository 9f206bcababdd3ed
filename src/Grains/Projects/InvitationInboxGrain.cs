using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Grains.Projects;

/// <summary>The invitations waiting for one address. It calls no other grain, so project grains may call it freely.</summary>
public sealed class InvitationInboxGrain(
    [PersistentState("invitationInbox", StorageNames.Grains)] IPersistentState<InvitationInboxState> state,
    IOptions<ProjectOptions> options) : Grain, IInvitationInboxGrain
{
    public async Task<bool> Add(Invitation invitation)
    {
        var invitations = state.State.Invitations;
        var index = invitations.FindIndex(i => i.InvitationId == invitation.InvitationId);
        if (index >= 0)
        {
            invitations[index] = invitation;
        }
        else if (invitations.Count >= options.Value.MaxPendingInvitationsPerAddress)
        {
            return false;
        }
        else
        {
            invitations.Add(invitation);
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task Remove(Guid invitationId)
    {
        if (state.State.Invitations.RemoveAll(i => i.InvitationId == invitationId) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<Invitation?> Find(Guid invitationId) =>
        Task.FromResult(state.State.Invitations.Find(i => i.InvitationId == invitationId));

    public Task<IReadOnlyList<Invitation>> List() =>
        Task.FromResult<IReadOnlyList<Invitation>>(state.State.Invitations.OrderBy(i => i.CreatedAt).ToList());
}

[GenerateSerializer, Alias("pa.InvitationInboxState")]
public sealed class InvitationInboxState
{
    [Id(0)] public List<Invitation> Invitations { get; set; } = [];
}
