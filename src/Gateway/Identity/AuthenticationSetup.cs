using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Bearer authentication: ES256 JWT access tokens, or <c>pa_</c> API keys, picked by the token's shape.
/// WebSocket upgrades may carry the token as <c>?access_token=</c>. Failures answer problem+json.
/// </summary>
public static class AuthenticationSetup
{
    private const string Selector = "PowerAutomation";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<SessionChecks>();
        services.AddSingleton<IdentityMetrics>();

        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "JWT or API key", options => options.ForwardDefaultSelector = context =>
                PresentedToken(context.Request)?.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) == true
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyStore, IOptions<TokenOptions>>((options, keys, tokens) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokens.Value.Issuer,
                    ValidAudience = tokens.Value.Audience,
                    IssuerSigningKey = keys.Key,
                    ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = GatewayClaims.Subject,
                    RoleClaimType = GatewayClaims.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token = PresentedToken(context.Request);
                        return Task.CompletedTask;
                    },
                    // Signed and unexpired is not enough: the session must still be open and the user enabled.
                    OnTokenValidated = async context =>
                    {
                        var checks = context.HttpContext.RequestServices.GetRequiredService<SessionChecks>();
                        if (await checks.RefusalAsync(context.Principal!) is { } refusal)
                        {
                            context.Fail(new TokenRefusedException(refusal));
                        }
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await WriteChallengeAsync(context.HttpContext, context.AuthenticateFailure);
                    },
                    OnForbidden = context => WriteForbiddenAsync(context.HttpContext),
                };
            });

        // Both policies carry the scope check (the requirement is its own handler), so a scoped API key reaches only
        // routes that declare its scope.
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeAwareAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(ApiScopeRequirement.Instance).Build())
            .AddPolicy(GatewayClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin)
                .AddRequirements(ApiScopeRequirement.Instance));
        return services;
    }

    /// <summary>The bearer token from the Authorization header, or from the query on a WebSocket upgrade.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        // Anthropic's SDKs send the key as x-api-key.
        if (request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey)
        {
            return apiKey.Trim();
        }

        return request.HttpContext.WebSockets.IsWebSocketRequest && request.Query.TryGetValue("access_token", out var query)
            ? query.ToString()
            : null;
    }

    public static Task WriteChallengeAsync(HttpContext context, Exception? failure)
    {
        var (code, detail) = failure switch
        {
            null when PresentedToken(context.Request) is null => (ErrorCodes.Unauthorized, "Sign in: send Authorization: Bearer <token>."),
            SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "The access token has expired; refresh it."),
            TokenRefusedException { Code: ErrorCodes.SessionEnded } => (ErrorCodes.SessionEnded, "This sign-in was ended; sign in again."),
            TokenRefusedException { Code: ErrorCodes.AccountDisabled } => (ErrorCodes.AccountDisabled, "An administrator has disabled this account."),
            _ => (ErrorCodes.InvalidToken, "The token is not valid."),
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(context, StatusCodes.Status401Unauthorized, code, detail);
    }

    public static Task WriteForbiddenAsync(HttpContext context) =>
        WriteProblemAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Your role does not allow this.");

    public static async Task WriteProblemAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
