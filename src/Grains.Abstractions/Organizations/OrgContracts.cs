namespace PowerAutomation.Grains.Abstractions.Organizations;

/// <summary>
/// An organization as a member sees it: members, the licences it holds (ids; their seats live in the licence
/// grains), and for owners and admins the pending invitations (null for everyone else). People are named by id.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.OrgDetails")]
public sealed record OrgDetails(
    [property: Id(0)] Guid OrgId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] IReadOnlyList<OrgMember> Members,
    [property: Id(4)] IReadOnlyList<string> LicenseIds,
    [property: Id(5)] IReadOnlyList<OrgInvitation>? Invitations,
    [property: Id(6)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("pa.OrgMember")]
public sealed record OrgMember(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Role,
    [property: Id(2)] DateTimeOffset JoinedAt);

/// <summary>A pending invitation as the organization's owners and admins see it.</summary>
[GenerateSerializer, Immutable, Alias("pa.OrgInvitation")]
public sealed record OrgInvitation(
    [property: Id(0)] Guid InvitationId,
    [property: Id(1)] string Email,
    [property: Id(2)] string Role,
    [property: Id(3)] Guid InvitedBy,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>An organization in one member's list.</summary>
[GenerateSerializer, Immutable, Alias("pa.OrgMembership")]
public sealed record OrgMembership(
    [property: Id(0)] Guid OrgId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role);

/// <summary>A project of the organization.</summary>
[GenerateSerializer, Immutable, Alias("pa.OrgProject")]
public sealed record OrgProject(
    [property: Id(0)] Guid ProjectId,
    [property: Id(1)] string Name);
