using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Projects;

public sealed record CreateProjectRequest(string? Name);

public sealed record CreateProjectResponse(Guid ProjectId);

public sealed record ProjectResponse(Guid ProjectId, string Name, string Role);

public sealed record AddMemberRequest(string? Email, string? Role);

public sealed record CreateDocumentRequest(string? Path, string? Content);

public sealed record CreateDocumentResponse(Guid DocumentId, int Revision);

public sealed record DocumentListItem(Guid DocumentId, string Path, int Revision);

public sealed record InvitationResponse(Guid InvitationId, Guid ProjectId, string ProjectName, string Role, string InvitedBy);

public sealed record RenameProjectRequest(string? Name);

/// <summary>A project with its members; <see cref="Invitations"/> (the pending ones) only for owners.</summary>
public sealed record ProjectDetailsResponse(
    Guid ProjectId,
    string Name,
    string Role,
    List<ProjectMemberResponse> Members,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<PendingInvitationResponse>? Invitations);

public sealed record ProjectMemberResponse(Guid UserId, string Email, string DisplayName, string Role);

/// <summary>A pending invitation as owners see it; <c>InvitedBy</c> is the inviter's e-mail, as in the invitee's inbox.</summary>
public sealed record PendingInvitationResponse(Guid InvitationId, string Email, string Role, string InvitedBy);
