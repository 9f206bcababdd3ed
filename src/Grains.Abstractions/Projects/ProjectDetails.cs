namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>
/// A project as a member sees it: its members, and for owners the pending invitations (null for everyone else).
/// People are named by id; callers resolve e-mails and display names.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.ProjectDetails")]
public sealed record ProjectDetails(
    [property: Id(0)] Guid ProjectId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] IReadOnlyList<ProjectMember> Members,
    [property: Id(4)] IReadOnlyList<ProjectInvitation>? Invitations,
    [property: Id(5)] Guid? OrgId = null);

/// <summary>One member and their role.</summary>
[GenerateSerializer, Immutable, Alias("pa.ProjectMember")]
public sealed record ProjectMember(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Role);

/// <summary>A pending invitation as the project's owners see it.</summary>
[GenerateSerializer, Immutable, Alias("pa.ProjectInvitation")]
public sealed record ProjectInvitation(
    [property: Id(0)] Guid InvitationId,
    [property: Id(1)] string Email,
    [property: Id(2)] string Role,
    [property: Id(3)] Guid InvitedBy,
    [property: Id(4)] DateTimeOffset CreatedAt);
