using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Paging;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Gateway.Licensing;

/// <summary>Licences for the console: every licence for administrators, and the caller's own with their devices.</summary>
public static class LicenseListingApi
{
    public static IEndpointRouteBuilder MapLicenseListingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/admin/licenses", List).WithTags("Licensing")
            .RequireAuthorization(GatewayClaims.AdminPolicy).AddEndpointFilter<RequestRateFilter>()
            .WithSummary("Licences, newest issued first, whose owner's e-mail contains query (or whose id it is): {items, nextCursor}");
        routes.MapGet("/api/v1/me/licenses", Mine).WithTags("Licensing").RequireAuthorization().AddEndpointFilter<RequestRateFilter>()
            .WithSummary("The caller's licences with the devices holding their seats, latest expiry first");
        return routes;
    }

    public static async Task<Results<Ok<PageResponse<AdminLicenseResponse>>, ProblemHttpResult>> List(
        string? query, string? cursor, string? limit, IClusterClient cluster)
    {
        if (!PageQuery.TryRead(query, cursor, limit, out var search, out var page, out var problem))
        {
            return problem;
        }

        var found = await cluster.GetGrain<ILicenseListingGrain>(0).List(search, page.After, page.Limit);
        return TypedResults.Ok(PageResponse<AdminLicenseResponse>.From(found, l => new AdminLicenseResponse(
            l.LicenseId, l.OwnerId, l.Email, l.Edition, l.ExpiresAt, l.MaxDevices, l.Devices, l.Revoked, l.IssuedAt)));
    }

    /// <summary>Every licence issued to the caller, valid or not; seats whose lease has lapsed are free and not shown.</summary>
    public static async Task<Ok<List<MyLicenseResponse>>> Mine(ClaimsPrincipal user, IClusterClient cluster, TimeProvider time)
    {
        var licenses = await cluster.GetGrain<IUserGrain>(user.UserId()).GetLicenses();
        var details = await Task.WhenAll(licenses.Select(l => cluster.GetGrain<ILicenseGrain>(l.LicenseId).GetDetails()));
        var now = time.GetUtcNow();
        return TypedResults.Ok(details
            .Where(d => d is not null && d.Summary.OwnerId == user.UserId())
            .Select(d => ToResponse(d!, now))
            .OrderByDescending(l => l.ExpiresAt).ThenBy(l => l.LicenseId, StringComparer.Ordinal)
            .ToList());
    }

    private static MyLicenseResponse ToResponse(LicenseDetails details, DateTimeOffset now)
    {
        var s = details.Summary;
        var devices = details.Devices.Where(d => d.LeaseExpiresAt > now)
            .Select(d => new LicenseDeviceResponse(d.DeviceId, d.Name, d.ActivatedAt, d.LastSeenAt, d.LeaseExpiresAt)).ToList();
        return new MyLicenseResponse(s.LicenseId, s.OwnerId, s.Edition, s.Features, s.Limits, s.MaxDevices, s.ExpiresAt,
            s.RevokedBecause is not null, s.RevokedBecause, devices);
    }
}
