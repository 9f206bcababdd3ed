using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Password reset and e-mail verification by mailed link, changing the password, asking for the verification mail
/// again. Mail is queued in the cluster's outbox; nothing here waits for it to be sent.
/// </summary>
public static class AccountMailApi
{
    public static IEndpointRouteBuilder MapAccountMailApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/v1/auth").WithTags("Identity").RequireRateLimiting(AuthApi.RateLimitPolicy);
        auth.MapPost("/password-reset", RequestReset);
        auth.MapPost("/password-reset/confirm", ConfirmReset);
        auth.MapPost("/verify-email/confirm", ConfirmVerification);

        var me = routes.MapGroup("/api/v1/me").WithTags("Identity").RequireAuthorization().AddEndpointFilter<RequestRateFilter>();
        me.MapPost("/verify-email", ResendVerification);
        me.MapPost("/password", ChangePassword);
        return routes;
    }

    /// <summary>
    /// 202 whether or not the address has an account, after the same work shape either way. Over the per-address
    /// bound it is still 202 and nothing is sent (a different answer would tell that the address was asked for);
    /// over the per-client bound it is 429, which tells the caller only about its own requests.
    /// </summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> RequestReset(
        PasswordResetRequest request, HttpContext context, IClusterClient cluster, IOptions<AccountMailThrottleOptions> limits)
    {
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            return Problems.Validation("email", "email is required.");
        }

        if (EmailAddress.Normalize(request.Email) is not { } email)
        {
            return Problems.BadRequest(ErrorCodes.InvalidEmail, "Give a valid e-mail address.");
        }

        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var waits = await Task.WhenAll(
            cluster.GetGrain<IAccountMailThrottleGrain>("reset-ip:" + ip).TryTake(limits.Value.ResetsPerClientAddress, limits.Value.Window),
            cluster.GetGrain<IAccountMailThrottleGrain>("reset-address:" + email).TryTake(limits.Value.ResetsPerAddress, limits.Value.Window));
        if (waits[0] > TimeSpan.Zero)
        {
            return TooMany(context, waits[0], "Too many password-reset requests from here");
        }

        var userId = await cluster.GetGrain<IEmailIndexGrain>(email).Find();
        if (waits[1] > TimeSpan.Zero || userId is null)
        {
            await cluster.GetGrain<IPasswordResetDecoyGrain>(0).RequestPasswordReset(email, ip);
        }
        else
        {
            await cluster.GetGrain<IUserGrain>(userId.Value).RequestPasswordReset(ip);
        }

        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmReset(
        PasswordResetConfirmRequest request, HttpContext context, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            return Problems.Validation("token", "token is required.");
        }

        if (PasswordRules.Weakness(request.NewPassword) is { } weakness)
        {
            return Problems.BadRequest(ErrorCodes.WeakPassword, weakness);
        }

        var ip = context.Connection.RemoteIpAddress?.ToString();
        var reset = AccountToken.TryParse(request.Token, out var token)
            && await cluster.GetGrain<IUserGrain>(token.Value.UserId).ResetPassword(token.Value.Secret, request.NewPassword!, ip);
        return reset ? TypedResults.NoContent() : InvalidLink();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmVerification(VerifyEmailRequest request, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            return Problems.Validation("token", "token is required.");
        }

        var verified = AccountToken.TryParse(request.Token, out var token)
            && await cluster.GetGrain<IUserGrain>(token.Value.UserId).VerifyEmail(token.Value.Secret);
        return verified ? TypedResults.NoContent() : InvalidLink();
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ResendVerification(
        ClaimsPrincipal user, HttpContext context, IClusterClient cluster, IOptions<AccountMailThrottleOptions> limits)
    {
        var userId = user.UserId();
        var wait = await cluster.GetGrain<IAccountMailThrottleGrain>("verify-user:" + userId.ToString("N"))
            .TryTake(limits.Value.VerificationMailsPerUser, limits.Value.Window);
        if (wait > TimeSpan.Zero)
        {
            return TooMany(context, wait, "Too many verification mails asked for");
        }

        var status = await cluster.GetGrain<IUserGrain>(userId).SendVerificationEmail();
        return status == VerificationMailStatus.AlreadyVerified
            ? Problems.Conflict(ErrorCodes.EmailAlreadyVerified, "Your e-mail address is already verified.")
            : TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal user, HttpContext context, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > 1024)
        {
            return Problems.Validation("currentPassword", "currentPassword is required (at most 1,024 characters).");
        }

        if (PasswordRules.Weakness(request.NewPassword) is { } weakness)
        {
            return Problems.BadRequest(ErrorCodes.WeakPassword, weakness);
        }

        // The caller's own session stays when the token names it; otherwise every session ends.
        var current = user.SessionId();
        var result = await cluster.GetGrain<IUserGrain>(user.UserId()).ChangePassword(request.CurrentPassword, request.NewPassword!, current);
        return result.Status switch
        {
            PasswordChangeStatus.Succeeded => TypedResults.NoContent(),
            PasswordChangeStatus.InvalidCredentials => Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.InvalidCredentials,
                "The current password is wrong."),
            _ => TooMany(context, result.RetryAfter, "Too many failed sign-ins"),
        };
    }

    private static ProblemHttpResult InvalidLink() => Problems.BadRequest(ErrorCodes.InvalidToken,
        "This link is not valid: it may have expired, been used already, or been replaced by a newer one.");

    private static ProblemHttpResult TooMany(HttpContext context, TimeSpan wait, string what)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyAttempts, $"{what}; try again in {seconds} s.");
    }
}
