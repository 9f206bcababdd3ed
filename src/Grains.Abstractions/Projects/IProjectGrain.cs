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
}
