using Orleans.Concurrency;

namespace PowerAutomation.Grains.Abstractions.Organizations;

/// <summary>
/// One organization: members with roles, invitations by consent, the licences it holds (whose named seats its owners
/// and admins assign) and its projects. Non-members learn nothing: every refusal to them is not found.
/// </summary>
[Alias("pa.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithGuidKey
{
    /// <summary>Creates the organization with its creator as owner; idempotent for the same creator.</summary>
    [Alias("Create")]
    Task<OrgResult<OrgMembership>> Create(string name, Guid ownerId);

    /// <summary>The member's role, or null (also when there is no such organization). Interleaves: projects ask it on every access check.</summary>
    [AlwaysInterleave, Alias("RoleOf")]
    Task<string?> RoleOf(Guid userId);

    /// <summary>The organization as <paramref name="actingUserId"/> sees it; members only.</summary>
    [Alias("GetDetails")]
    Task<OrgResult<OrgDetails>> GetDetails(Guid actingUserId);

    /// <summary>Renames it (owners); members' lists and pending invitations follow.</summary>
    [Alias("Rename")]
    Task<OrgResult<OrgDetails>> Rename(Guid actingUserId, string name);

    /// <summary>
    /// Invites an address (owners and admins; only an owner may invite an owner). Someone already a member only has
    /// their role changed, under <see cref="SetRole"/>'s rules.
    /// </summary>
    [Alias("Invite")]
    Task<OrgResult<bool>> Invite(Guid actingUserId, string email, string role);

    /// <summary>Accepts or declines the pending invitation for <paramref name="email"/>, as the user holding it.</summary>
    [Alias("AnswerInvitation")]
    Task<OrgResult<bool>> AnswerInvitation(Guid invitationId, string email, Guid userId, bool accept);

    /// <summary>Withdraws a pending invitation (owners and admins).</summary>
    [Alias("CancelInvitation")]
    Task<OrgResult<bool>> CancelInvitation(Guid actingUserId, Guid invitationId);

    /// <summary>
    /// Removes a member: owners anyone, admins admins and members, everyone themself; never the last owner. Their seats
    /// are released and their access to the organization's projects ends.
    /// </summary>
    [Alias("RemoveMember")]
    Task<OrgResult<bool>> RemoveMember(Guid actingUserId, Guid memberId);

    /// <summary>Changes a member's role: owners any, admins only between admin and member of non-owners; the last owner stays.</summary>
    [Alias("SetRole")]
    Task<OrgResult<bool>> SetRole(Guid actingUserId, Guid memberId, string role);

    /// <summary>Whether the organization exists and may hold one more licence (asked before issuing one).</summary>
    [Alias("CanHoldLicense")]
    Task<bool> CanHoldLicense();

    /// <summary>
    /// Records a licence issued to the organization; answers the owner recorded as the licence's contact, or null when
    /// there is no such organization.
    /// </summary>
    [Alias("AttachLicense")]
    Task<Guid?> AttachLicense(string licenseId);

    /// <summary>Gives a member a named seat of one of the organization's licences (owners and admins).</summary>
    [Alias("AssignSeat")]
    Task<OrgResult<bool>> AssignSeat(Guid actingUserId, string licenseId, Guid userId);

    /// <summary>Takes a seat back (owners and admins); a user without a seat is no change.</summary>
    [Alias("ReleaseSeat")]
    Task<OrgResult<bool>> ReleaseSeat(Guid actingUserId, string licenseId, Guid userId);

    /// <summary>Records a new project of the organization; any member may create one. False for non-members.</summary>
    [Alias("AddProject")]
    Task<bool> AddProject(Guid actingUserId, OrgProject project);

    /// <summary>A project of the organization was renamed or deleted (null name); one-way, so projects never wait on it.</summary>
    [OneWay, Alias("ProjectChanged")]
    Task ProjectChanged(Guid projectId, string? name);

    /// <summary>The organization's projects, each with the role the member's org role gives; empty for non-members.</summary>
    [Alias("ProjectsFor")]
    Task<IReadOnlyList<Projects.ProjectMembership>> ProjectsFor(Guid userId);
}
