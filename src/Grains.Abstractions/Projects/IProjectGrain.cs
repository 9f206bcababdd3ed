using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>One project: name, members with roles, and its documents.</summary>
[Alias("pa.IProjectGrain")]
public interface IProjectGrain : IGrainWithGuidKey
{
    /// <summary>Creates the project with its creator as owner; idempotent for the same owner.</summary>
    [Alias("Create")]
    Task<ProjectMembership> Create(string name, Guid ownerId);

    /// <summary>The caller's role, or null when not a member (or no such project).</summary>
    [Alias("RoleOf")]
    Task<string?> RoleOf(Guid userId);

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
