using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Licensing;
using PowerAutomation.Grains.Abstractions.Organizations;

namespace PowerAutomation.Gateway.Licensing;

/// <summary>Licences: administration, activation and validation by editor clients, device release, public keys.</summary>
public static class LicensesApi
{
    public static IEndpointRouteBuilder MapLicensesApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/licenses").WithTags("Licensing")
            .RequireAuthorization(GatewayClaims.AdminPolicy).AddEndpointFilter<RequestRateFilter>();
        admin.MapPost("/", Issue);
        admin.MapPost("/{licenseId}/revoke", Revoke);

        // The licence key is the credential here: editor clients activate before anyone signs in.
        var licenses = routes.MapGroup("/api/v1/licenses").WithTags("Licensing");
        licenses.MapGet("/public-keys", PublicKeys);
        licenses.MapPost("/activate", Activate).RequireRateLimiting(AuthApi.RateLimitPolicy);
        licenses.MapPost("/validate", Validate).RequireRateLimiting(AuthApi.RateLimitPolicy);
        licenses.MapGet("/{licenseId}", Get).RequireAuthorization().AddEndpointFilter<RequestRateFilter>();
        licenses.MapDelete("/{licenseId}/devices/{deviceId}", RemoveDevice).RequireAuthorization().AddEndpointFilter<RequestRateFilter>();
        return routes;
    }

    public static async Task<Results<Created<IssueLicenseResponse>, ProblemHttpResult>> Issue(
        IssueLicenseRequest request, ClaimsPrincipal user, IClusterClient cluster, TimeProvider time)
    {
        if (LicenseRequestRules.Check(request, time.GetUtcNow()) is { } invalid)
        {
            return Problems.Validation(invalid.Field, invalid.Message);
        }

        // Organizations are never deleted, so one that can hold the licence now still can when it is issued.
        if (request.OrgId is { } orgId && !await cluster.GetGrain<IOrganizationGrain>(orgId).CanHoldLicense())
        {
            return Problems.Validation("orgId", "orgId names no organization, or one that holds the most licences allowed.");
        }

        var licenseId = Guid.NewGuid().ToString("N");
        var issued = await cluster.GetGrain<ILicenseGrain>(licenseId).Issue(new LicenseIssue(
            request.Email ?? "", request.Edition!, request.ExpiresAt!.Value, request.MaxDevices!.Value,
            request.Features?.Distinct().ToList() ?? [], request.Limits ?? new QuotaLimits(), $"admin {user.UserId()}",
            request.OrgId, request.Seats ?? 0));
        return TypedResults.Created($"/api/v1/licenses/{licenseId}", new IssueLicenseResponse(issued.LicenseId, issued.LicenseKey));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string licenseId, RevokeLicenseRequest request, IClusterClient cluster)
    {
        if (request.Reason is { Length: > 500 })
        {
            return Problems.Validation("reason", "reason has at most 500 characters.");
        }

        return IsLicenseId(licenseId) && await cluster.GetGrain<ILicenseGrain>(licenseId).Revoke(request.Reason ?? "revoked")
            ? TypedResults.NoContent()
            : Problems.NotFound("No licence with this id.");
    }

    public static async Task<ContentHttpResult> PublicKeys(IClusterClient cluster, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Content(await cluster.GetGrain<ILicenseKeysGrain>(0).GetJwks(), "application/jwk-set+json");
    }

    public static async Task<Results<Ok<ActivateResponse>, ProblemHttpResult>> Activate(
        ActivateRequest request, IClusterClient cluster, HttpContext context)
    {
        if (string.IsNullOrEmpty(request.LicenseKey))
        {
            return Problems.Validation("licenseKey", "licenseKey is required.");
        }

        if (!LicenseRequestRules.IsDeviceId(request.DeviceId) || request.DeviceName is { Length: > 200 })
        {
            return Problems.Validation("deviceId", "deviceId is required: 1-128 visible ASCII characters (deviceName at most 200).");
        }

        var licenseId = UnverifiedEnvelope.LicenseId(request.LicenseKey);
        var result = licenseId is null
            ? new ActivationResult(LicenseReasons.InvalidLicense, null, null, TimeSpan.Zero)
            : await cluster.GetGrain<ILicenseGrain>(licenseId).Activate(request.LicenseKey, request.DeviceId!, request.DeviceName);
        if (result.Reason == LicenseReasons.ActivationRateLimited)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status429TooManyRequests, result.Reason, "Too many activations of this licence; try again later.");
        }

        if (result.Reason is not null)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, result.Reason, Describe(result.Reason));
        }

        var license = result.License!;
        return TypedResults.Ok(new ActivateResponse(
            license.LicenseId, license.Edition, license.Features, license.ExpiresAt, result.Certificate!, result.LeaseExpiresAt!.Value));
    }

    public static async Task<Results<Ok<ValidateResponse>, ProblemHttpResult>> Validate(ValidateRequest request, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.LicenseKey))
        {
            return Problems.Validation("licenseKey", "licenseKey is required.");
        }

        if (!LicenseRequestRules.IsDeviceId(request.DeviceId))
        {
            return Problems.Validation("deviceId", "deviceId is required: 1-128 visible ASCII characters.");
        }

        var licenseId = UnverifiedEnvelope.LicenseId(request.LicenseKey);
        var result = licenseId is null
            ? new ValidationResult(false, LicenseReasons.InvalidLicense, null)
            : await cluster.GetGrain<ILicenseGrain>(licenseId).Validate(request.LicenseKey, request.DeviceId!);
        var license = result.License;
        return TypedResults.Ok(new ValidateResponse(result.Valid, license?.Edition ?? Editions.Community, license?.Features ?? [], license?.ExpiresAt, result.Reason));
    }

    public static async Task<Results<Ok<LicenseResponse>, ProblemHttpResult>> Get(string licenseId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var details = IsLicenseId(licenseId) ? await cluster.GetGrain<ILicenseGrain>(licenseId).GetDetails() : null;
        if (details is null || !MayManage(user, details.Summary))
        {
            return Problems.NotFound("No licence with this id is yours.");
        }

        var s = details.Summary;
        return TypedResults.Ok(new LicenseResponse(s.LicenseId, s.OwnerId, s.Edition, s.Features, s.Limits, s.MaxDevices, s.ExpiresAt, s.RevokedBecause, details.Devices));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDevice(
        string licenseId, string deviceId, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!IsLicenseId(licenseId) || await cluster.GetGrain<ILicenseGrain>(licenseId).GetDetails() is not { } details)
        {
            return Problems.NotFound("No licence with this id.");
        }

        var grain = cluster.GetGrain<ILicenseGrain>(licenseId);
        if (!MayManage(user, details.Summary))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only the licence's owner or an administrator may release its devices.");
        }

        return await grain.Deactivate(deviceId) ? TypedResults.NoContent() : Problems.NotFound("This device holds no seat of the licence.");
    }

    private static bool MayManage(ClaimsPrincipal user, LicenseSummary license) =>
        user.IsInRole(Roles.Admin) || user.UserId() == license.OwnerId;

    private static bool IsLicenseId(string licenseId) => Guid.TryParseExact(licenseId, "N", out _);

    private static string Describe(string reason) => reason switch
    {
        LicenseReasons.LicenseExpired => "This licence has expired.",
        LicenseReasons.LicenseRevoked => "This licence has been revoked.",
        LicenseReasons.DeviceLimitReached => "Every seat of this licence is taken; release a device first.",
        _ => "This is not a valid licence key.",
    };
}
