namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>
/// Keyed by a normalised e-mail address: the invitations waiting for it, whether or not an account has it yet
/// (an account created later for the address sees them). Project grains add and remove; the invitee reads.
/// </summary>
[Alias("pa.IInvitationInboxGrain")]
public interface IInvitationInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates (same id) an invitation; false when the inbox already holds the most allowed.</summary>
    [Alias("Add")]
    Task<bool> Add(Invitation invitation);

    /// <summary>Drops an invitation (answered or withdrawn); nothing when it is not there.</summary>
    [Alias("Remove")]
    Task Remove(Guid invitationId);

    /// <summary>One invitation, or null.</summary>
    [Alias("Find")]
    Task<Invitation?> Find(Guid invitationId);

    /// <summary>The pending invitations, oldest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<Invitation>> List();
}
