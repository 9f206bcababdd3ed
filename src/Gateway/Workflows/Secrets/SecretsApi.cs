using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Workflows.Secrets;

namespace PowerAutomation.Gateway.Workflows.Secrets;

/// <summary>The caller's workflow secrets (API.md, "Workflows, wave 2"): written and deleted by name, listed by name only.</summary>
public static class SecretsApi
{
    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/secrets").WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows)
            .AddEndpointFilter<RequestRateFilter>();
        group.MapGet("/", List).WithSummary("The caller's secrets by name, [{name, updatedAt}]; values are never answered");
        group.MapPut("/{name}", Put).WithSummary("Creates or replaces a secret {value}, for {{secrets.NAME}} in http.request headers and bodies: 204");
        group.MapDelete("/{name}", Delete).WithSummary("Removes a secret: 204 (404 when there is none); runs that use it then fail with secret_not_found");
        return routes;
    }

    public static async Task<Ok<List<SecretResponse>>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        var secrets = await cluster.GetGrain<IWorkflowSecretsGrain>(user.UserId()).List();
        return TypedResults.Ok(secrets.Select(s => new SecretResponse(s.Name, s.UpdatedAt)).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Put(string name, SecretRequest? request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!SecretNames.IsValid(name))
        {
            return SecretProblems.For(SecretErrors.InvalidName);
        }

        if (request?.Value is not { } value)
        {
            return SecretProblems.For(SecretErrors.InvalidValue);
        }

        var error = await cluster.GetGrain<IWorkflowSecretsGrain>(user.UserId()).Put(name, value);
        return error is null ? TypedResults.NoContent() : SecretProblems.For(error);
    }

    /// <summary>A name the caller has no secret of is 404, like any other id that names nothing of theirs.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string name, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!SecretNames.IsValid(name))
        {
            return SecretProblems.For(SecretErrors.InvalidName);
        }

        return await cluster.GetGrain<IWorkflowSecretsGrain>(user.UserId()).Delete(name)
            ? TypedResults.NoContent()
            : Problems.NotFound($"You have no secret named '{name}'.");
    }
}
