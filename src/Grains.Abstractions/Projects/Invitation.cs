namespace PowerAutomation.Grains.Abstractions.Projects;

/// <summary>
/// A pending invitation, as the invitee sees it; <c>InvitedBy</c> is the inviter's e-mail. <see cref="Kind"/> is null (a
/// project; stored before organizations existed) or <see cref="Invitations.Project"/> / <see cref="Invitations.Org"/>: an
/// organization's invitation has <see cref="OrgId"/> and <see cref="OrgName"/> and an empty project.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.Invitation")]
public sealed record Invitation(
    [property: Id(0)] Guid InvitationId,
    [property: Id(1)] Guid ProjectId,
    [property: Id(2)] string ProjectName,
    [property: Id(3)] string Role,
    [property: Id(4)] string InvitedBy,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string? Kind = null,
    [property: Id(7)] Guid? OrgId = null,
    [property: Id(8)] string? OrgName = null)
{
    public bool IsOrg => Kind == Invitations.Org;
}

/// <summary>What an invitation is to.</summary>
public static class Invitations
{
    public const string Project = "project";
    public const string Org = "org";
}
