namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>A pending invitation to a project, as the invitee sees it; <c>InvitedBy</c> is the inviter's e-mail.</summary>
[GenerateSerializer, Immutable, Alias("pa.Invitation")]
public sealed record Invitation(
    [property: Id(0)] Guid InvitationId,
    [property: Id(1)] Guid ProjectId,
    [property: Id(2)] string ProjectName,
    [property: Id(3)] string Role,
    [property: Id(4)] string InvitedBy,
    [property: Id(5)] DateTimeOffset CreatedAt);
