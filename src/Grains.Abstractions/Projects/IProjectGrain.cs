using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>One project: name, members with roles, and its documents.</summary>
[Alias("pa.IProjectGrain")]
public interface IProjectGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the project with its creator as owner; idempotent for the same owner. The name must pass
    /// <see cref="ProjectNames"/> (else <see cref="ArgumentException"/>).
    /// </summary>
    [Alias("Create")]
    Task<ProjectMembership> Create(string name, Guid ownerId);

    /// <summary>The caller's role, or null when not a member (or no such project).</summary>
    [Alias("RoleOf")]
    Task<string?> RoleOf(Guid userId);

    /// <summary>
    /// The member's role and the document's path, or null when the user is not a member, the project is deleted or
    /// the document is not (or no longer) one of its documents. Document grains ask this on every call.
    /// </summary>
    [Alias("AccessTo")]
    Task<DocumentAccess?> AccessTo(Guid userId, Guid documentId);

    /// <summary>The project with its members (and, for owners, its pending invitations); viewers and up.</summary>
    [Alias("GetDetails")]
    Task<ProjectResult<ProjectDetails>> GetDetails(Guid actingUserId);

    /// <summary>Renames the project (owners); the name must pass <see cref="ProjectNames"/>. Members' lists follow.</summary>
    [Alias("Rename")]
    Task<ProjectResult<ProjectDetails>> Rename(Guid actingUserId, string name);

    /// <summary>
    /// Deletes the project (owners) with its documents, members' listings and pending invitations. Access ends at the
    /// first write; an owner's retry finishes a clean-up a failure interrupted.
    /// </summary>
    [Alias("Delete")]
    Task<ProjectResult<bool>> Delete(Guid actingUserId);

    /// <summary>
    /// Removes a member (an owner may remove anyone, a member themself): <see cref="ProjectErrors.LastOwner"/> for
    /// the only owner. Their live sessions on the project's documents are told and closed.
    /// </summary>
    [Alias("RemoveMember")]
    Task<ProjectResult<bool>> RemoveMember(Guid actingUserId, Guid memberId);

    /// <summary>Withdraws a pending invitation (owners); it leaves the invitee's inbox.</summary>
    [Alias("CancelInvitation")]
    Task<ProjectResult<bool>> CancelInvitation(Guid actingUserId, Guid invitationId);

    /// <summary>
    /// Invites an address (an owner may): a pending invitation the invitee accepts or declines. Someone already
    /// a member only has their role changed.
    /// </summary>
    [Alias("Invite")]
    Task<ProjectResult<bool>> Invite(Guid actingUserId, string email, string role);

    /// <summary>Accepts or declines the pending invitation for <paramref name="email"/>, as the user holding it.</summary>
    [Alias("AnswerInvitation")]
    Task<ProjectResult<bool>> AnswerInvitation(Guid invitationId, string email, Guid userId, bool accept);

    /// <summary>Adds or changes a member; only an owner may.</summary>
    [Alias("SetMember")]
    Task<ProjectResult<bool>> SetMember(Guid actingUserId, Guid memberId, string role);

    /// <summary>Creates a document at an unused path; editors and owners may.</summary>
    [Alias("CreateDocument")]
    Task<ProjectResult<DocumentEntry>> CreateDocument(Guid actingUserId, string path, string content);

    /// <summary>The project's documents, for members.</summary>
    [Alias("ListDocuments")]
    Task<ProjectResult<IReadOnlyList<DocumentEntry>>> ListDocuments(Guid actingUserId);

    /// <summary>
    /// Moves a document to another path (editors): <see cref="ProjectErrors.PathTaken"/> when a document is there, or
    /// the path is a folder of others or inside a document. The same path is a no-op.
    /// </summary>
    [Alias("RenameDocument")]
    Task<ProjectResult<DocumentEntry>> RenameDocument(Guid actingUserId, Guid documentId, string path);

    /// <summary>Deletes a document (editors): its content is purged, its live sessions closed, its path freed.</summary>
    [Alias("DeleteDocument")]
    Task<ProjectResult<bool>> DeleteDocument(Guid actingUserId, Guid documentId);

    /// <summary>
    /// Creates a project of an organization: <paramref name="ownerId"/> (a member of it, else null) becomes its owner and the
    /// organization's members get access by their org role (owners and admins: owner, members: editor).
    /// </summary>
    [Alias("CreateInOrg")]
    Task<ProjectMembership?> CreateInOrg(string name, Guid ownerId, Guid orgId);

    /// <summary>The user left the project's organization: unless a member in their own right, their live sessions close. One-way.</summary>
    [Orleans.Concurrency.OneWay, Alias("OrgAccessEnded")]
    Task OrgAccessEnded(Guid userId);
}
