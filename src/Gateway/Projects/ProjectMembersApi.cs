using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Projects;

/// <summary>Leaving a project, removing a member, and withdrawing an invitation (adding is <see cref="ProjectsApi.AddMember"/>).</summary>
public static class ProjectMembersApi
{
    /// <summary>
    /// Maps onto the projects group, so its authorization and rate filter apply; who shares a project is for sessions
    /// and full-access keys only, not for <c>documents:write</c> keys.
    /// </summary>
    public static RouteGroupBuilder MapProjectMembersApi(this RouteGroupBuilder projects)
    {
        projects.MapDelete("/{projectId:guid}/members/{userId:guid}", RemoveMember).RequireFullAccessKey();
        projects.MapDelete("/{projectId:guid}/invitations/{invitationId:guid}", CancelInvitation).RequireFullAccessKey();
        return projects;
    }

    /// <summary>An owner removes anyone, a member removes themself; the last owner stays (409 last_owner).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(Guid projectId, Guid userId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IProjectGrain>(projectId).RemoveMember(user.UserId(), userId);
        return result.Error is null ? TypedResults.NoContent() : ProjectProblems.For(result.Error);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelInvitation(
        Guid projectId, Guid invitationId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IProjectGrain>(projectId).CancelInvitation(user.UserId(), invitationId);
        return result.Error is null ? TypedResults.NoContent() : ProjectProblems.For(result.Error);
    }
}
