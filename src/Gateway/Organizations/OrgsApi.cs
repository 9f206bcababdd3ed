using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Gateway.Organizations;

/// <summary>Organizations: create, list, read, rename, invite, members' roles and removal; seats are <see cref="OrgSeatsApi"/>.</summary>
public static class OrgsApi
{
    /// <summary>How many organizations one user may belong to when creating another.</summary>
    public const int MaxOrgsPerUser = 100;

    public static IEndpointRouteBuilder MapOrgsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/orgs").WithTags("Organizations").RequireAuthorization().AddEndpointFilter<RequestRateFilter>();
        group.MapPost("/", Create);
        group.MapGet("/{orgId:guid}", Get);
        group.MapPatch("/{orgId:guid}", Rename);
        group.MapPost("/{orgId:guid}/members", Invite);
        group.MapPatch("/{orgId:guid}/members/{userId:guid}", SetRole);
        group.MapDelete("/{orgId:guid}/members/{userId:guid}", RemoveMember);
        group.MapDelete("/{orgId:guid}/invitations/{invitationId:guid}", CancelInvitation);
        group.MapOrgSeatsApi();
        routes.MapGroup("/api/v1/me").WithTags("Organizations").RequireAuthorization().AddEndpointFilter<RequestRateFilter>()
            .MapGet("/orgs", List);
        return routes;
    }

    public static async Task<Results<Created<CreateOrgResponse>, ProblemHttpResult>> Create(
        CreateOrgRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Validation("name", "name is required.");
        }

        if (OrgNames.Check(request.Name, out var problem) is not { } name)
        {
            return Problems.BadRequest(ErrorCodes.InvalidName, problem!);
        }

        if ((await cluster.GetGrain<IUserGrain>(user.UserId()).GetOrgs()).Count >= MaxOrgsPerUser)
        {
            return Problems.Conflict(ErrorCodes.TooManyOrgs, $"You belong to {MaxOrgsPerUser} organizations, the most allowed; leave one first.");
        }

        var orgId = Guid.NewGuid();
        await cluster.GetGrain<IOrganizationGrain>(orgId).Create(name, user.UserId());
        return TypedResults.Created($"/api/v1/orgs/{orgId}", new CreateOrgResponse(orgId));
    }

    public static async Task<Ok<List<OrgListItem>>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        var orgs = await cluster.GetGrain<IUserGrain>(user.UserId()).GetOrgs();
        return TypedResults.Ok(orgs.Select(o => new OrgListItem(o.OrgId, o.Name, o.Role)).ToList());
    }

    public static async Task<Results<Ok<OrgResponse>, ProblemHttpResult>> Get(Guid orgId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).GetDetails(user.UserId());
        return result.Value is { } details ? TypedResults.Ok(await OrgDetailsView.ResolveAsync(details, cluster)) : OrgProblems.For(result.Error!);
    }

    public static async Task<Results<Ok<OrgResponse>, ProblemHttpResult>> Rename(
        Guid orgId, RenameOrgRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Validation("name", "name is required.");
        }

        if (OrgNames.Check(request.Name, out var problem) is not { } name)
        {
            return Problems.BadRequest(ErrorCodes.InvalidName, problem!);
        }

        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).Rename(user.UserId(), name);
        return result.Value is { } details ? TypedResults.Ok(await OrgDetailsView.ResolveAsync(details, cluster)) : OrgProblems.For(result.Error!);
    }

    /// <summary>The same 204 whether or not the address has an account: the invitation waits for one if need be.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Invite(
        Guid orgId, InviteOrgMemberRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (EmailAddress.Normalize(request.Email) is not { } email)
        {
            return Problems.Validation("email", "email must be a valid address.");
        }

        if (!OrgRoles.IsKnown(request.Role))
        {
            return Problems.Validation("role", "role must be owner, admin or member.");
        }

        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).Invite(user.UserId(), email, request.Role!);
        return result.Error is null ? TypedResults.NoContent() : OrgProblems.For(result.Error);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetRole(
        Guid orgId, Guid userId, SetOrgRoleRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!OrgRoles.IsKnown(request.Role))
        {
            return Problems.Validation("role", "role must be owner, admin or member.");
        }

        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).SetRole(user.UserId(), userId, request.Role!);
        return result.Error is null ? TypedResults.NoContent() : OrgProblems.For(result.Error);
    }

    /// <summary>Owners remove anyone, admins admins and members, everyone themself; the last owner stays (409 last_owner).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(Guid orgId, Guid userId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).RemoveMember(user.UserId(), userId);
        return result.Error is null ? TypedResults.NoContent() : OrgProblems.For(result.Error);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelInvitation(
        Guid orgId, Guid invitationId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).CancelInvitation(user.UserId(), invitationId);
        return result.Error is null ? TypedResults.NoContent() : OrgProblems.For(result.Error);
    }
}
