using Microsoft.AspNetCore.Authorization;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Part of the default and admin policies: a scoped API key must hold the scope the endpoint declares
/// (<see cref="ApiScopeMetadata"/>). Sessions and full-access keys always pass.
/// </summary>
public sealed class ApiScopeRequirement : AuthorizationHandler<ApiScopeRequirement>, IAuthorizationRequirement
{
    public static ApiScopeRequirement Instance { get; } = new();

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        // Endpoint routing hands the HttpContext over as the resource; without one a scoped key gets nothing.
        var http = context.Resource as HttpContext;
        if (ApiKeyAccess.MissingScope(context.User, http?.GetEndpoint(), http?.Request.Method ?? HttpMethods.Post) is null)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
