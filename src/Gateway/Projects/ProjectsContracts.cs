namespace PowerAutomation.Gateway.Projects;

public sealed record CreateProjectRequest(string? Name);

public sealed record CreateProjectResponse(Guid ProjectId);

public sealed record ProjectResponse(Guid ProjectId, string Name, string Role);

public sealed record AddMemberRequest(string? Email, string? Role);

public sealed record CreateDocumentRequest(string? Path, string? Content);

public sealed record CreateDocumentResponse(Guid DocumentId, int Revision);

public sealed record DocumentListItem(Guid DocumentId, string Path, int Revision);

public sealed record InvitationResponse(Guid InvitationId, Guid ProjectId, string ProjectName, string Role, string InvitedBy);
