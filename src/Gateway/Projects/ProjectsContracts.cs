using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Projects;

/// <summary>A project of one's own, or (with <see cref="OrgId"/>) of an organization one belongs to.</summary>
public sealed record CreateProjectRequest(string? Name, Guid? OrgId = null);

public sealed record CreateProjectResponse(Guid ProjectId);

public sealed record ProjectResponse(Guid ProjectId, string Name, string Role);

public sealed record AddMemberRequest(string? Email, string? Role);

public sealed record CreateDocumentRequest(string? Path, string? Content);

public sealed record CreateDocumentResponse(Guid DocumentId, int Revision);

public sealed record DocumentListItem(Guid DocumentId, string Path, int Revision);

/// <summary>
/// A pending invitation: API.md's project fields for a project (<see cref="Kind"/> <c>project</c>), or <see cref="OrgId"/> and
/// <see cref="OrgName"/> for an organization (<see cref="Kind"/> <c>org</c>, no project fields).
/// </summary>
public sealed record InvitationResponse(
    Guid InvitationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? ProjectId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProjectName,
    string Role,
    string InvitedBy,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? OrgId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrgName);

public sealed record RenameProjectRequest(string? Name);

/// <summary>A project with its members; <see cref="Invitations"/> (the pending ones) only for owners.</summary>
public sealed record ProjectDetailsResponse(
    Guid ProjectId,
    string Name,
    string Role,
    List<ProjectMemberResponse> Members,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<PendingInvitationResponse>? Invitations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? OrgId = null);

public sealed record ProjectMemberResponse(Guid UserId, string Email, string DisplayName, string Role);

/// <summary>A pending invitation as owners see it; <c>InvitedBy</c> is the inviter's e-mail, as in the invitee's inbox.</summary>
public sealed record PendingInvitationResponse(Guid InvitationId, string Email, string Role, string InvitedBy);
