using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>Register, login (with TOTP and throttling), refresh-token rotation and logout.</summary>
public static class AuthApi
{
    public const string RateLimitPolicy = "auth";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Identity").RequireRateLimiting(RateLimitPolicy);
        group.MapPost("/register", Register);
        group.MapPost("/login", Login);
        group.MapPost("/refresh", Refresh);
        group.MapPost("/logout", Logout);
        return group;
    }

    public static async Task<Results<Created<RegisterResponse>, ProblemHttpResult>> Register(
        RegisterRequest request, IClusterClient cluster, IdentityMetrics metrics)
    {
        var email = EmailAddress.Normalize(request.Email);
        if (email is null)
        {
            return Problems.BadRequest(ErrorCodes.InvalidEmail, "Give a valid e-mail address.");
        }

        if (PasswordRules.Weakness(request.Password) is { } weakness)
        {
            return Problems.BadRequest(ErrorCodes.WeakPassword, weakness);
        }

        if (!string.IsNullOrWhiteSpace(request.DisplayName) && DisplayNames.Check(request.DisplayName, out var problem) is null)
        {
            return Problems.BadRequest(ErrorCodes.InvalidDisplayName, problem!);
        }

        var result = await cluster.GetGrain<IEmailIndexGrain>(email)
            .Register(new Registration(email, request.Password!, request.DisplayName, []));
        metrics.Registration(result.Status == RegistrationStatus.EmailTaken ? ErrorCodes.EmailTaken : "created");
        return result.Status == RegistrationStatus.EmailTaken
            ? Problems.Conflict(ErrorCodes.EmailTaken, "An account with this e-mail already exists.")
            : TypedResults.Created("/api/v1/me", new RegisterResponse(result.UserId));
    }

    public static async Task<Results<Ok<TokenPairResponse>, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, IClusterClient cluster, AccessTokenIssuer tokens, IdentityMetrics metrics)
    {
        if (string.IsNullOrEmpty(request.Email) || request.Email.Length > EmailAddress.MaxLength)
        {
            return Problems.Validation("email", "email is required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            return Problems.Validation("password", "password is required.");
        }

        if (request.DeviceId is { Length: > 200 } || request.TotpCode is { Length: > 20 } || request.RecoveryCode is { Length: > 40 })
        {
            return Problems.Validation("deviceId", "deviceId, totpCode or recoveryCode is too long.");
        }

        var email = EmailAddress.Normalize(request.Email) ?? request.Email.Trim().ToLowerInvariant();
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var accountThrottle = cluster.GetGrain<ILoginThrottleGrain>("account:" + email);
        var addressThrottle = cluster.GetGrain<ILoginThrottleGrain>("ip:" + ip);

        // Check and count in one step per throttle, before the password is looked at: however many attempts race,
        // no more passwords are checked than the allowance.
        var waits = await Task.WhenAll(accountThrottle.TryReserve(), addressThrottle.TryReserve());
        var wait = Max(waits[0], waits[1]);
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAll(
                waits[0] == TimeSpan.Zero ? accountThrottle.Release() : Task.CompletedTask,
                waits[1] == TimeSpan.Zero ? addressThrottle.Release() : Task.CompletedTask);
            Audit(cluster, AuditKinds.LoginThrottled, null, email, ip);
            metrics.Login(ErrorCodes.TooManyAttempts);
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyAttempts,
                $"Too many failed sign-ins; try again in {seconds} s.");
        }

        var attempt = new LoginAttempt(request.Password, request.TotpCode, request.DeviceId, ip, request.RecoveryCode)
        {
            UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
        };
        var userId = await cluster.GetGrain<IEmailIndexGrain>(email).Find();
        SessionResult session;
        if (userId is null)
        {
            // The decoy does the password verification a real account would, so timing does not tell them apart.
            session = await cluster.GetGrain<IDecoyLoginGrain>(0).Login(attempt);
            Audit(cluster, AuditKinds.LoginFailed, null, email, ip);
        }
        else
        {
            session = await cluster.GetGrain<IUserGrain>(userId.Value).Login(attempt);
        }

        // Failures stay counted (they were reserved); a right password gives its reservations back.
        switch (session.Status)
        {
            case SessionStatus.Succeeded:
                await Task.WhenAll(accountThrottle.Reset(), addressThrottle.Release());
                metrics.Login("succeeded");
                return TypedResults.Ok(Pair(session, tokens));
            case SessionStatus.MfaRequired:
                await Task.WhenAll(accountThrottle.Release(), addressThrottle.Release());
                metrics.Login(ErrorCodes.MfaRequired);
                return Problems.Unauthorized(ErrorCodes.MfaRequired, "This account uses two-factor sign-in: send totpCode (or recoveryCode).");
            case SessionStatus.AccountDisabled:
                // Only after the right password: a wrong one says invalid_credentials whether or not the account is disabled.
                await Task.WhenAll(accountThrottle.Release(), addressThrottle.Release());
                metrics.Login(ErrorCodes.AccountDisabled);
                return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.AccountDisabled, "An administrator has disabled this account.");
            case SessionStatus.InvalidMfaCode:
                metrics.Login(ErrorCodes.InvalidMfaCode);
                return Problems.Unauthorized(ErrorCodes.InvalidMfaCode, "The two-factor code is wrong or already used.");
            default:
                metrics.Login(ErrorCodes.InvalidCredentials);
                return Problems.Unauthorized(ErrorCodes.InvalidCredentials, "E-mail or password is wrong.");
        }
    }

    public static async Task<Results<Ok<TokenPairResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, IClusterClient cluster, AccessTokenIssuer tokens, IdentityMetrics metrics)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return Problems.Validation("refreshToken", "refreshToken is required.");
        }

        if (!RefreshToken.TryParse(request.RefreshToken, out var token))
        {
            return Problems.Unauthorized(ErrorCodes.InvalidToken, "The refresh token is not valid.");
        }

        var session = await cluster.GetGrain<IUserGrain>(token.Value.UserId).Refresh(token.Value.FamilyId, token.Value.Secret);
        metrics.Refresh(session.Status switch
        {
            SessionStatus.Succeeded => "succeeded",
            SessionStatus.TokenReused => ErrorCodes.TokenReused,
            SessionStatus.AccountDisabled => ErrorCodes.AccountDisabled,
            _ => ErrorCodes.InvalidToken,
        });
        return session.Status switch
        {
            SessionStatus.Succeeded => TypedResults.Ok(Pair(session, tokens)),
            SessionStatus.TokenReused => Problems.Unauthorized(ErrorCodes.TokenReused,
                "This refresh token was already used; every token of its sign-in has been revoked."),
            SessionStatus.AccountDisabled => Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.AccountDisabled,
                "An administrator has disabled this account."),
            _ => Problems.Unauthorized(ErrorCodes.InvalidToken, "The refresh token is not valid."),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Logout(RefreshRequest request, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return Problems.Validation("refreshToken", "refreshToken is required.");
        }

        if (RefreshToken.TryParse(request.RefreshToken, out var token))
        {
            await cluster.GetGrain<IUserGrain>(token.Value.UserId).Logout(token.Value.FamilyId, token.Value.Secret);
        }

        return TypedResults.NoContent();
    }

    private static TokenPairResponse Pair(SessionResult session, AccessTokenIssuer tokens) =>
        new(tokens.Issue(session), session.RefreshToken!, "Bearer", tokens.LifetimeSeconds);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void Audit(IClusterClient cluster, string kind, Guid? userId, string subject, string ip) =>
        cluster.GetGrain<IAuditLogGrain>(0).Append(new AuditEvent(kind, userId, subject, ip, null, DateTimeOffset.UtcNow));
}
