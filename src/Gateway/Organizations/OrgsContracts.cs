using System.Text.Json.Serialization;

namespace PowerAutomation.Gateway.Organizations;

public sealed record CreateOrgRequest(string? Name);

public sealed record CreateOrgResponse(Guid OrgId);

public sealed record RenameOrgRequest(string? Name);

public sealed record InviteOrgMemberRequest(string? Email, string? Role);

public sealed record SetOrgRoleRequest(string? Role);

/// <summary>An organization in the caller's list.</summary>
public sealed record OrgListItem(Guid OrgId, string Name, string Role);

/// <summary>
/// API.md's organization (<c>orgId, name, members, licenses</c>) plus the caller's <see cref="Role"/> and, for owners
/// and admins, the pending <see cref="Invitations"/>.
/// </summary>
public sealed record OrgResponse(
    Guid OrgId,
    string Name,
    string Role,
    DateTimeOffset CreatedAt,
    List<OrgMemberResponse> Members,
    List<OrgLicenseResponse> Licenses,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<OrgInvitationResponse>? Invitations);

public sealed record OrgMemberResponse(Guid UserId, string Email, string DisplayName, string Role, DateTimeOffset JoinedAt);

/// <summary>One licence of the organization: API.md's <c>licenseId, edition, seats, seatsUsed</c>, and who holds the seats.</summary>
public sealed record OrgLicenseResponse(
    string LicenseId, string Edition, int Seats, int SeatsUsed, DateTimeOffset ExpiresAt, bool Revoked, List<Guid> SeatHolders);

/// <summary>A pending invitation as owners and admins see it; <c>InvitedBy</c> is the inviter's e-mail.</summary>
public sealed record OrgInvitationResponse(Guid InvitationId, string Email, string Role, string InvitedBy);
