using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>The signed-in user: profile, second factor (<see cref="MfaApi"/>), API keys.</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/me").WithTags("Identity").RequireAuthorization()
            .AddEndpointFilter<Quotas.RequestRateFilter>();
        group.MapGet("/", GetMe);
        group.MapMfaApi();
        group.MapSessionsApi();
        group.MapPost("/api-keys", CreateApiKey);
        group.MapDelete("/api-keys/{keyId}", DeleteApiKey);
        return group;
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(ClaimsPrincipal user, IClusterClient cluster)
    {
        var account = await cluster.GetGrain<IUserGrain>(user.UserId()).GetAccount();
        if (account is null)
        {
            return Problems.Unauthorized(ErrorCodes.InvalidToken, "The account behind this token no longer exists.");
        }

        var profile = account.Profile;
        return TypedResults.Ok(new MeResponse(profile.UserId, profile.Email, profile.DisplayName, profile.Roles, account.Entitlements.Edition, profile.MfaEnabled, profile.EmailVerified));
    }

    public static async Task<Results<Created<ApiKeyResponse>, ProblemHttpResult>> CreateApiKey(
        CreateApiKeyRequest request, ClaimsPrincipal user, IClusterClient cluster, TimeProvider time)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return Problems.Validation("name", "name is required and has at most 100 characters.");
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            return Problems.Validation("expiresAt", "expiresAt must be in the future.");
        }

        var created = await cluster.GetGrain<IUserGrain>(user.UserId()).CreateApiKey(name, request.ExpiresAt);
        return created is null
            ? Problems.Conflict(ErrorCodes.ApiKeyLimitReached, "You hold as many API keys as allowed; delete one first.")
            : TypedResults.Created($"/api/v1/me/api-keys/{created.KeyId}", new ApiKeyResponse(created.KeyId, created.ApiKey, created.Name, created.ExpiresAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteApiKey(string keyId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var deleted = keyId.Length <= 64 && await cluster.GetGrain<IUserGrain>(user.UserId()).DeleteApiKey(keyId);
        return deleted ? TypedResults.NoContent() : Problems.NotFound("You have no API key with this id.");
    }
}
