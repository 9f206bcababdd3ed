using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using PowerAutomation.Gateway.Errors;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Answers a refusal that only the API-key scope caused with 403 <c>insufficient_scope</c> (and RFC 6750's
/// <c>WWW-Authenticate: Bearer error="insufficient_scope"</c>), naming the scope; every other outcome goes on to
/// ASP.NET Core's own handling (401 challenge, 403 <c>forbidden</c>).
/// </summary>
public sealed class ScopeAwareAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult is not { Forbidden: true, AuthorizationFailure: { } failure }
            || !failure.FailedRequirements.Any()
            || !failure.FailedRequirements.All(requirement => requirement is ApiScopeRequirement))
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var missing = ApiKeyAccess.MissingScope(context.User, context.GetEndpoint(), context.Request.Method) ?? ApiScopeMetadata.FullAccess;
        var detail = missing == ApiScopeMetadata.FullAccess
            ? "Only a full-access API key (one made without scopes) or a signed-in session may call this."
            : $"This API key lacks the {missing} scope.";
        context.Response.Headers.WWWAuthenticate = missing == ApiScopeMetadata.FullAccess
            ? "Bearer error=\"insufficient_scope\""
            : $"Bearer error=\"insufficient_scope\", scope=\"{missing}\"";
        return AuthenticationSetup.WriteProblemAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.InsufficientScope, detail);
    }
}
