using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Gateway.Organizations;

/// <summary>Names the people of <see cref="OrgDetails"/> and counts its licences' seats, from the user and licence grains.</summary>
public static class OrgDetailsView
{
    public static async Task<OrgResponse> ResolveAsync(OrgDetails details, IClusterClient cluster)
    {
        var ids = details.Members.Select(m => m.UserId).Concat(details.Invitations?.Select(i => i.InvitedBy) ?? []).Distinct().ToList();
        var profiles = new Dictionary<Guid, UserProfile>();
        foreach (var chunk in ids.Chunk(64))
        {
            foreach (var profile in (await Task.WhenAll(chunk.Select(id => cluster.GetGrain<IUserGrain>(id).GetProfile()))).OfType<UserProfile>())
            {
                profiles[profile.UserId] = profile;
            }
        }

        // Owners first, then admins, then members; each by e-mail.
        var members = details.Members
            .Select(m => new OrgMemberResponse(m.UserId, profiles.GetValueOrDefault(m.UserId)?.Email ?? "",
                profiles.GetValueOrDefault(m.UserId)?.DisplayName ?? "", m.Role, m.JoinedAt))
            .OrderByDescending(m => OrgRoles.Rank(m.Role))
            .ThenBy(m => m.Email, StringComparer.Ordinal)
            .ToList();

        // A licence the organization lists but whose grain holds nothing (its issue failed half-way) is left out.
        var licenses = (await Task.WhenAll(details.LicenseIds.Select(id => cluster.GetGrain<ILicenseGrain>(id).GetDetails())))
            .OfType<LicenseDetails>()
            .Where(l => l.OrgId == details.OrgId)
            .Select(l => new OrgLicenseResponse(l.Summary.LicenseId, l.Summary.Edition, l.Seats, l.SeatHolders?.Count ?? 0,
                l.Summary.ExpiresAt, l.Summary.RevokedBecause is not null, l.SeatHolders?.ToList() ?? []))
            .ToList();
        var invitations = details.Invitations?
            .Select(i => new OrgInvitationResponse(i.InvitationId, i.Email, i.Role, profiles.GetValueOrDefault(i.InvitedBy)?.Email ?? ""))
            .ToList();
        return new OrgResponse(details.OrgId, details.Name, details.Role, details.CreatedAt, members, licenses, invitations);
    }
}
