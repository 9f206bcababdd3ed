using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Identity.Device;

namespace PowerAutomation.Gateway.Identity.Device;

/// <summary>
/// Device sign-in (RFC 8628): a CLI or editor asks for a code, a signed-in person approves it at <c>/device</c>, the
/// device polls the token endpoint and gets the token pair of login. The state lives in grains, so any gateway serves
/// any step.
/// </summary>
public static class DeviceAuthorizationApi
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    private const int MaxClientIdLength = 100;
    private const int MaxScopeLength = 1000;
    private const int StartAttempts = 5;

    private static readonly string[] AuthorizationParameters = ["client_id", "scope", "device_name"];
    private static readonly string[] TokenParameters = ["grant_type", "device_code", "client_id"];

    public static IEndpointRouteBuilder MapDeviceAuthorizationApi(this IEndpointRouteBuilder routes)
    {
        var device = routes.MapGroup("/api/v1/auth/device").WithTags("Identity").RequireRateLimiting(AuthApi.RateLimitPolicy);
        device.MapPost("/", Start).Accepts<DeviceAuthorizationForm>("application/x-www-form-urlencoded", "application/json")
            .WithSummary("RFC 8628 device authorization request");
        device.MapPost("/token", Token).Accepts<DeviceTokenForm>("application/x-www-form-urlencoded", "application/json")
            .WithSummary("RFC 8628 device access token request (poll)");

        var browser = routes.MapGroup("/api/v1/auth/device").WithTags("Identity").RequireAuthorization()
            .AddEndpointFilter<Quotas.RequestRateFilter>();
        browser.MapGet("/{userCode}", Describe).WithSummary("What device asks to be signed in with this user code");
        browser.MapPost("/approve", Approve);
        browser.MapPost("/deny", Deny);
        return routes;
    }

    public static async Task<Results<Ok<DeviceAuthorizationResponse>, ProblemHttpResult>> Start(
        HttpContext context, IClusterClient cluster, GatewayOptions gateway, CancellationToken cancellationToken)
    {
        var (parameters, problem) = await OAuthParameters.ReadAsync(context.Request, AuthorizationParameters, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var clientId = parameters!["client_id"] ?? DeviceClients.Default;
        if (clientId.Length > MaxClientIdLength || parameters["scope"] is { Length: > MaxScopeLength })
        {
            return OAuthProblems.InvalidRequest("client_id or scope is too long.");
        }

        string? deviceName = null;
        if (parameters["device_name"] is { } name && (deviceName = DisplayNames.Check(name, out var nameProblem)) is null)
        {
            return OAuthProblems.InvalidRequest(nameProblem!.Replace("displayName", "device_name", StringComparison.Ordinal));
        }

        var ip = context.Connection.RemoteIpAddress?.ToString();
        for (var attempt = 0; attempt < StartAttempts; attempt++)
        {
            var deviceCode = DeviceCodes.NewDeviceCode();
            var userCode = DeviceCodes.NewUserCode();
            var started = await cluster.GetGrain<IDeviceAuthorizationGrain>(DeviceCodes.Hash(deviceCode))
                .Start(new DeviceGrantRequest(clientId, userCode, deviceName, ip));
            switch (started.Status)
            {
                case DeviceGrantStartStatus.InvalidClient:
                    return OAuthProblems.Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidClient, "invalid_client",
                        "This client_id may not use device sign-in.");
                case DeviceGrantStartStatus.Started:
                    NoStore(context);
                    var display = DeviceCodes.Display(userCode);
                    var uri = VerificationUri(gateway);
                    return TypedResults.Ok(new DeviceAuthorizationResponse(deviceCode, display, uri,
                        $"{uri}?user_code={display}", started.ExpiresInSeconds, started.IntervalSeconds));
            }
        }

        // Eight letters of base 20 are 25.6 billion codes: five collisions in a row mean something is wrong.
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ClusterUnavailable, "No free user code was found; try again.");
    }

    public static async Task<Results<Ok<DeviceTokenResponse>, ProblemHttpResult>> Token(
        HttpContext context, IClusterClient cluster, AccessTokenIssuer tokens, CancellationToken cancellationToken)
    {
        var (parameters, problem) = await OAuthParameters.ReadAsync(context.Request, TokenParameters, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        NoStore(context);
        if (parameters!["grant_type"] is not { } grantType)
        {
            return OAuthProblems.InvalidRequest("grant_type is required.");
        }

        if (grantType != GrantType)
        {
            return OAuthProblems.Token(ErrorCodes.UnsupportedGrantType, $"Only grant_type {GrantType} is served here.");
        }

        if (parameters["device_code"] is not { } deviceCode)
        {
            return OAuthProblems.InvalidRequest("device_code is required.");
        }

        if (deviceCode.Length > DeviceCodes.MaxDeviceCodeLength)
        {
            return OAuthProblems.Token(ErrorCodes.InvalidGrant, "The device code is not valid.");
        }

        var poll = await cluster.GetGrain<IDeviceAuthorizationGrain>(DeviceCodes.Hash(deviceCode)).Poll();
        return poll.Status switch
        {
            DevicePollStatus.Issued => TypedResults.Ok(new DeviceTokenResponse(
                tokens.Issue(poll.Session!), "Bearer", tokens.LifetimeSeconds, poll.Session!.RefreshToken!)),
            DevicePollStatus.Pending => OAuthProblems.Token(ErrorCodes.AuthorizationPending,
                "Waiting for the user to approve this device.", poll.IntervalSeconds),
            DevicePollStatus.SlowDown => OAuthProblems.Token(ErrorCodes.SlowDown,
                $"Polling too fast; wait {poll.IntervalSeconds} s between requests.", poll.IntervalSeconds),
            DevicePollStatus.Denied => OAuthProblems.Token(ErrorCodes.AccessDenied, "The user denied this device."),
            DevicePollStatus.Expired => OAuthProblems.Token(ErrorCodes.ExpiredToken, "The device code has expired; start again."),
            _ => OAuthProblems.Token(ErrorCodes.InvalidGrant, "The device code is not valid (unknown, or already used)."),
        };
    }

    public static async Task<Results<Ok<DeviceGrantResponse>, ProblemHttpResult>> Describe(
        string userCode, ClaimsPrincipal user, HttpContext context, IClusterClient cluster)
    {
        var found = await DeviceCodeLookup.FindAsync(cluster, user.UserId(), ClientAddress(context), userCode);
        if (found.Problem is not null)
        {
            if (found.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = wait;
            }

            return found.Problem;
        }

        var info = found.Info!;
        return TypedResults.Ok(new DeviceGrantResponse(DeviceCodes.Display(found.UserCode!), info.ClientId, info.DeviceName,
            info.RequestedAt, info.ExpiresAt, info.Status.ToString().ToLowerInvariant(), info.IpAddress));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> Approve(
        DeviceDecisionRequest request, ClaimsPrincipal user, HttpContext context, IClusterClient cluster) =>
        DecideAsync(request, approve: true, user, context, cluster);

    public static Task<Results<NoContent, ProblemHttpResult>> Deny(
        DeviceDecisionRequest request, ClaimsPrincipal user, HttpContext context, IClusterClient cluster) =>
        DecideAsync(request, approve: false, user, context, cluster);

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(
        DeviceDecisionRequest request, bool approve, ClaimsPrincipal user, HttpContext context, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.UserCode))
        {
            return Problems.Validation("userCode", "userCode is required.");
        }

        var userId = user.UserId();
        var profile = await cluster.GetGrain<IUserGrain>(userId).GetProfile();
        if (profile is null || profile.Disabled)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.AccountDisabled, "A disabled account cannot approve devices.");
        }

        var ip = ClientAddress(context);
        var found = await DeviceCodeLookup.FindAsync(cluster, userId, ip, request.UserCode);
        if (found.Problem is not null)
        {
            if (found.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = wait;
            }

            return found.Problem;
        }

        var status = await cluster.GetGrain<IDeviceAuthorizationGrain>(found.DeviceCodeHash!)
            .Decide(new DeviceDecision(userId, profile.Email, approve, ip));
        return status switch
        {
            DeviceDecisionStatus.Recorded => TypedResults.NoContent(),
            DeviceDecisionStatus.Expired => DeviceCodeLookup.Expired(),
            DeviceDecisionStatus.AlreadyDecided => Problems.Conflict(ErrorCodes.AlreadyDecided,
                "This device request was already answered."),
            _ => DeviceCodeLookup.NotFound(),
        };
    }

    private static string VerificationUri(GatewayOptions gateway) => gateway.PublicUrl.TrimEnd('/') + "/device";

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // RFC 6749 §5.1: answers holding tokens or codes must not be cached.
    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
