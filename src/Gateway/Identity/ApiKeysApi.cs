using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// <c>/api/v1/me/api-keys</c>: create (optionally scoped and limited), list, delete. Like the rest of <c>/me</c>, only
/// sessions and full-access keys may manage keys.
/// </summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder me)
    {
        me.MapPost("/api-keys", Create).WithSummary("Creates an API key, shown once; scopes and limits.aiSpendPerDay are optional");
        me.MapGet("/api-keys", List).WithSummary("The caller's API keys, newest first, without secrets");
        me.MapDelete("/api-keys/{keyId}", Delete);
        return me;
    }

    public static async Task<Results<Created<ApiKeyResponse>, ProblemHttpResult>> Create(
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

        if (ApiKeyRequestRules.Check(request, out var grant) is { } problem)
        {
            return problem;
        }

        var created = await cluster.GetGrain<IUserGrain>(user.UserId()).CreateScopedApiKey(name, request.ExpiresAt, grant);
        if (created is null)
        {
            return Problems.Conflict(ErrorCodes.ApiKeyLimitReached, "You hold as many API keys as allowed; delete one first.");
        }

        return TypedResults.Created($"/api/v1/me/api-keys/{created.KeyId}", new ApiKeyResponse(
            created.KeyId, created.ApiKey, created.Name, created.ExpiresAt, ApiKeyFormat.DisplayPrefix(created.KeyId),
            grant.IsFullAccess, grant.Scopes, new ApiKeyLimitsBody(grant.AiSpendPerDay)));
    }

    public static async Task<Ok<List<ApiKeyListItem>>> List(ClaimsPrincipal user, IClusterClient cluster)
    {
        var keys = await cluster.GetGrain<IUserGrain>(user.UserId()).ListApiKeys();
        return TypedResults.Ok(keys.Select(key => new ApiKeyListItem(
            key.KeyId, key.Name, ApiKeyFormat.DisplayPrefix(key.KeyId), key.CreatedAt, key.ExpiresAt, key.LastUsedAt,
            key.Grant.IsFullAccess, key.Grant.Scopes, new ApiKeyLimitsBody(key.Grant.AiSpendPerDay))).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string keyId, ClaimsPrincipal user, IClusterClient cluster)
    {
        var deleted = keyId.Length <= 64 && await cluster.GetGrain<IUserGrain>(user.UserId()).DeleteApiKey(keyId);
        return deleted ? TypedResults.NoContent() : Problems.NotFound("You have no API key with this id.");
    }
}
