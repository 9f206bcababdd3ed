using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Gateway.Organizations;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Projects;

/// <summary>The invitations waiting for the signed-in user's address, and their answers.</summary>
public static class InvitationsApi
{
    public static IEndpointRouteBuilder MapInvitationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Projects").RequireAuthorization().AddEndpointFilter<RequestRateFilter>();
        group.MapGet("/me/invitations", List);
        group.MapPost("/invitations/{invitationId:guid}/accept", Accept);
        group.MapPost("/invitations/{invitationId:guid}/decline", Decline);
        return routes;
    }

    public static async Task<Results<Ok<List<InvitationResponse>>, ProblemHttpResult>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IUserGrain>(user.UserId()).GetProfile() is not { } profile)
        {
            return Problems.Unauthorized(ErrorCodes.InvalidToken, "The account behind this token no longer exists.");
        }

        if (!profile.EmailVerified)
        {
            return NotVerified();
        }

        var invitations = await cluster.GetGrain<IInvitationInboxGrain>(profile.Email).List();
        return TypedResults.Ok(invitations
            .Select(i => i.IsOrg
                ? new InvitationResponse(i.InvitationId, null, null, i.Role, i.InvitedBy, Invitations.Org, i.OrgId, i.OrgName)
                : new InvitationResponse(i.InvitationId, i.ProjectId, i.ProjectName, i.Role, i.InvitedBy, Invitations.Project, null, null))
            .ToList());
    }

    public static Task<Results<NoContent, ProblemHttpResult>> Accept(Guid invitationId, ClaimsPrincipal user, IClusterClient cluster) =>
        AnswerAsync(invitationId, accept: true, user, cluster);

    public static Task<Results<NoContent, ProblemHttpResult>> Decline(Guid invitationId, ClaimsPrincipal user, IClusterClient cluster) =>
        AnswerAsync(invitationId, accept: false, user, cluster);

    private static async Task<Results<NoContent, ProblemHttpResult>> AnswerAsync(
        Guid invitationId, bool accept, ClaimsPrincipal user, IClusterClient cluster)
    {
        var userId = user.UserId();
        var caller = await cluster.GetGrain<IUserGrain>(userId).GetProfile();
        if (caller is { EmailVerified: false })
        {
            return NotVerified();
        }

        if (caller is not { } profile
            || await cluster.GetGrain<IInvitationInboxGrain>(profile.Email).Find(invitationId) is not { } invitation)
        {
            return Problems.NotFound("You have no pending invitation with this id.");
        }

        // An organization's invitation is answered to the organization, through the same routes.
        var error = invitation is { IsOrg: true, OrgId: { } orgId }
            ? (await cluster.GetGrain<IOrganizationGrain>(orgId).AnswerInvitation(invitationId, profile.Email, userId, accept)).Error
            : (await cluster.GetGrain<IProjectGrain>(invitation.ProjectId).AnswerInvitation(invitationId, profile.Email, userId, accept)).Error;
        return error switch
        {
            null => TypedResults.NoContent(),
            OrgErrors.TooManyMembers => OrgProblems.For(error),
            _ => Problems.NotFound("You have no pending invitation with this id."),
        };
    }

    /// <summary>Invitations are addressed to an e-mail: only whoever proved the address may see or answer them.</summary>
    private static ProblemHttpResult NotVerified() => Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.EmailNotVerified,
        "Verify your e-mail address first: invitations sent to it are shown once you have (POST /api/v1/me/verify-email sends the link again).");
}
