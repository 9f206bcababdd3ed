using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>The signed-in user: profile, second factor (<see cref="MfaApi"/>), sessions, API keys (<see cref="ApiKeysApi"/>).</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/me").WithTags("Identity").RequireAuthorization()
            .AddEndpointFilter<Quotas.RequestRateFilter>();
        // Who the caller is may be asked with any key; the rest of /me (keys, sessions, MFA) needs full access.
        group.MapGet("/", GetMe).AllowAnyApiKey();
        group.MapMfaApi();
        group.MapSessionsApi();
        group.MapApiKeysApi();
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
}
