using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Gateway.Organizations;

/// <summary>Named seats of an organization's licences, given and taken back by its owners and admins.</summary>
public static class OrgSeatsApi
{
    /// <summary>Maps onto the organizations group, so its authorization and rate filter apply.</summary>
    public static RouteGroupBuilder MapOrgSeatsApi(this RouteGroupBuilder orgs)
    {
        orgs.MapPut("/{orgId:guid}/licenses/{licenseId}/seats/{userId:guid}", Assign);
        orgs.MapDelete("/{orgId:guid}/licenses/{licenseId}/seats/{userId:guid}", Release);
        return orgs;
    }

    /// <summary>204 also when the user already holds a seat; 409 no_seats_left when every seat is taken.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Assign(
        Guid orgId, string licenseId, Guid userId, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!IsLicenseId(licenseId))
        {
            return OrgProblems.For(OrgErrors.NotFound);
        }

        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).AssignSeat(user.UserId(), licenseId, userId);
        return result.Error is null ? TypedResults.NoContent() : OrgProblems.For(result.Error);
    }

    /// <summary>204 also when the user holds no seat (releasing is idempotent).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Release(
        Guid orgId, string licenseId, Guid userId, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!IsLicenseId(licenseId))
        {
            return OrgProblems.For(OrgErrors.NotFound);
        }

        var result = await cluster.GetGrain<IOrganizationGrain>(orgId).ReleaseSeat(user.UserId(), licenseId, userId);
        return result.Error is null ? TypedResults.NoContent() : OrgProblems.For(result.Error);
    }

    private static bool IsLicenseId(string licenseId) => Guid.TryParseExact(licenseId, "N", out _);
}
