using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Approvals;

namespace PowerAutomation.Gateway.Workflows.Approvals;

/// <summary>Deciding approvals (the assignee, by verified e-mail address) and the caller's approvals inbox.</summary>
public static class ApprovalsApi
{
    public const int MaxListed = 200;

    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows)
            .AddEndpointFilter<RequestRateFilter>();
        group.MapPost("/runs/{runId:guid}/approvals/{stepId}", Decide)
            .WithSummary("The assignee approves or rejects a waiting approval step: 202");
        group.MapGet("/me/approvals", Inbox).WithSummary("Approvals waiting for the caller's (verified) address, newest first");
        return routes;
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> Decide(
        Guid runId, string stepId, ApprovalDecisionRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (request.Approved is not { } approved)
        {
            return Problems.Validation("approved", "approved is true (go on) or false (reject: the step fails).");
        }

        if (request.Comment is { Length: > 2000 })
        {
            return Problems.Validation("comment", "comment is at most 2000 characters.");
        }

        if (await VerifiedAddressAsync(user, cluster) is not { } address)
        {
            return NotVerified();
        }

        var error = await cluster.GetGrain<IWorkflowRunGrain>(runId).DecideApproval(user.UserId(), address, stepId, approved, request.Comment);
        return error switch
        {
            null => TypedResults.Accepted($"/api/v1/runs/{runId}"),
            WorkflowErrors.NotAssignee => Problems.Create(StatusCodes.Status403Forbidden, WorkflowErrors.NotAssignee,
                "Only the approval's assignee may decide it."),
            WorkflowErrors.NotAwaitingApproval => Problems.Conflict(WorkflowErrors.NotAwaitingApproval,
                $"Step '{stepId}' is not an approval waiting for a decision."),
            _ => WorkflowProblems.For(error),
        };
    }

    public static async Task<Results<Ok<List<ApprovalResponse>>, ProblemHttpResult>> Inbox(ClaimsPrincipal user, IClusterClient cluster)
    {
        if (await VerifiedAddressAsync(user, cluster) is not { } address)
        {
            return NotVerified();
        }

        var waiting = await cluster.GetGrain<IApprovalInboxGrain>(address).List(MaxListed);
        return TypedResults.Ok(waiting.Select(a => new ApprovalResponse(a.RunId, a.StepId, a.WorkflowId, a.Message, a.RequestedAt, a.Until, a.Escalated)).ToList());
    }

    /// <summary>The caller's address, lower case, when verified: an unverified address could be anyone's.</summary>
    private static async Task<string?> VerifiedAddressAsync(ClaimsPrincipal user, IClusterClient cluster) =>
        await cluster.GetGrain<IUserGrain>(user.UserId()).GetProfile() is { EmailVerified: true } profile ? profile.Email.ToLowerInvariant() : null;

    private static ProblemHttpResult NotVerified() => Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.EmailNotVerified,
        "Confirm your e-mail address first: approvals go to verified addresses only.");
}

/// <summary><c>{approved, comment?}</c>.</summary>
public sealed record ApprovalDecisionRequest(bool? Approved, string? Comment);

public sealed record ApprovalResponse(Guid RunId, string StepId, Guid WorkflowId, string Message, DateTimeOffset RequestedAt, DateTimeOffset? Until, bool Escalated);
