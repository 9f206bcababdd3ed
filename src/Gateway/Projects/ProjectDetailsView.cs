using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Projects;

/// <summary>Names the people of <see cref="ProjectDetails"/>: the project grain knows ids, user grains know e-mails.</summary>
public static class ProjectDetailsView
{
    public static async Task<ProjectDetailsResponse> ResolveAsync(ProjectDetails details, IClusterClient cluster)
    {
        var ids = details.Members.Select(m => m.UserId).Concat(details.Invitations?.Select(i => i.InvitedBy) ?? []).Distinct().ToList();
        var profiles = (await Task.WhenAll(ids.Select(id => cluster.GetGrain<IUserGrain>(id).GetProfile())))
            .OfType<UserProfile>().ToDictionary(p => p.UserId);

        // Owners first, then editors, then viewers; each by e-mail.
        var members = details.Members
            .Select(m => new ProjectMemberResponse(m.UserId, profiles.GetValueOrDefault(m.UserId)?.Email ?? "",
                profiles.GetValueOrDefault(m.UserId)?.DisplayName ?? "", m.Role))
            .OrderBy(m => m.Role switch { ProjectRoles.Owner => 0, ProjectRoles.Editor => 1, _ => 2 })
            .ThenBy(m => m.Email, StringComparer.Ordinal)
            .ToList();
        var invitations = details.Invitations?
            .Select(i => new PendingInvitationResponse(i.InvitationId, i.Email, i.Role, profiles.GetValueOrDefault(i.InvitedBy)?.Email ?? ""))
            .ToList();
        return new ProjectDetailsResponse(details.ProjectId, details.Name, details.Role, members, invitations, details.OrgId);
    }
}
