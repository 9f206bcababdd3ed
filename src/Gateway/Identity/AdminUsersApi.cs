using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Paging;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Identity;

/// <summary>Users for administrators: search (API.md "Accounts"), disable and enable, the admin role, quota usage.</summary>
public static class AdminUsersApi
{
    public static IEndpointRouteBuilder MapAdminUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/users").WithTags("Identity")
            .RequireAuthorization(GatewayClaims.AdminPolicy).AddEndpointFilter<RequestRateFilter>();
        group.MapGet("/", List)
            .WithSummary("Users, newest first, whose e-mail or display name contains query (case-insensitive): {items, nextCursor}");
        group.MapPost("/{userId:guid}/disable", Disable)
            .WithSummary("Disables the user: no sign-in; their sessions end and tokens and keys stop working within 5 s");
        group.MapPost("/{userId:guid}/enable", Enable).WithSummary("Enables the user again (they sign in anew)");
        group.MapPut("/{userId:guid}/roles/admin", GrantAdmin).WithSummary("Makes the user an administrator");
        group.MapDelete("/{userId:guid}/roles/admin", RevokeAdmin).WithSummary("Takes the admin role away (never from the last enabled admin)");
        group.MapGet("/{userId:guid}/quota", GetQuota).WithSummary("The user's quotas, as GET /api/v1/me/quota shows them to the user");
        return routes;
    }

    public static async Task<Results<Ok<PageResponse<AdminUserResponse>>, ProblemHttpResult>> List(
        string? query, string? cursor, string? limit, IClusterClient cluster)
    {
        if (!PageQuery.TryRead(query, cursor, limit, out var search, out var page, out var problem))
        {
            return problem;
        }

        var found = await cluster.GetGrain<IUserListingGrain>(0).List(search, page.After, page.Limit);
        return TypedResults.Ok(PageResponse<AdminUserResponse>.From(found,
            u => new AdminUserResponse(u.UserId, u.Email, u.DisplayName, u.Roles, u.Disabled, u.Edition, u.CreatedAt)));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> Disable(Guid userId, ClaimsPrincipal admin, IClusterClient cluster) =>
        Change(cluster.GetGrain<IAdminRosterGrain>(0).SetDisabled(userId, true, admin.UserId()));

    public static Task<Results<NoContent, ProblemHttpResult>> Enable(Guid userId, ClaimsPrincipal admin, IClusterClient cluster) =>
        Change(cluster.GetGrain<IAdminRosterGrain>(0).SetDisabled(userId, false, admin.UserId()));

    public static Task<Results<NoContent, ProblemHttpResult>> GrantAdmin(Guid userId, ClaimsPrincipal admin, IClusterClient cluster) =>
        Change(cluster.GetGrain<IAdminRosterGrain>(0).SetAdmin(userId, true, admin.UserId()));

    public static Task<Results<NoContent, ProblemHttpResult>> RevokeAdmin(Guid userId, ClaimsPrincipal admin, IClusterClient cluster) =>
        Change(cluster.GetGrain<IAdminRosterGrain>(0).SetAdmin(userId, false, admin.UserId()));

    private static async Task<Results<NoContent, ProblemHttpResult>> Change(Task<AdminChangeStatus> change) => await change switch
    {
        AdminChangeStatus.Succeeded => TypedResults.NoContent(),
        AdminChangeStatus.LastAdmin => Problems.Conflict(ErrorCodes.LastAdmin,
            "This is the last enabled administrator; make someone else an admin first."),
        _ => Problems.NotFound("No user with this id."),
    };

    /// <summary>The user's own daily allowances and per-minute rate (an API key's separate rate is not included).</summary>
    public static async Task<Results<Ok<List<QuotaUsage>>, ProblemHttpResult>> GetQuota(Guid userId, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IUserGrain>(userId).GetProfile() is null)
        {
            return Problems.NotFound("No user with this id.");
        }

        // The user's grain holds both the daily kinds and the user's own per-minute rate; listed in /me/quota's order.
        var usage = await cluster.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(userId)).GetUsage();
        return TypedResults.Ok(usage.Where(u => u.Kind != QuotaKinds.RequestsPerMinute)
            .Concat(usage.Where(u => u.Kind == QuotaKinds.RequestsPerMinute)).ToList());
    }
}
