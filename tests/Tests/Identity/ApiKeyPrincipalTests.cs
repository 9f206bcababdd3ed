using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>What an authenticated key tells the rest of the gateway: its scopes and AI spend limit, as claims.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiKeyPrincipalTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task ScopedKey_CarriesAClaimPerScopeAndItsSpendLimit()
    {
        var (userId, tokens) = await _http.RegisterAndLoginAsync();
        var key = await _http.CreateApiKeyAsync(tokens.AccessToken, new { name = "limited", scopes = new[] { "workflows", "ai" }, limits = new { aiSpendPerDay = 750_000 } });

        var principal = await AuthenticateAsync(key.ApiKey);

        Assert.Equal(userId, principal.UserId());
        Assert.Equal(key.KeyId, principal.FindFirst(GatewayClaims.ApiKey)?.Value);
        Assert.Equal(["ai", "workflows"], principal.FindAll(GatewayClaims.KeyScope).Select(c => c.Value));
        Assert.Equal(750_000, ApiKeyLimits.AiSpendPerDay(principal));
        Assert.False(principal.IsFullAccess());
    }

    [Fact]
    public async Task UnscopedKey_HasNoScopeClaims_AndIsFullAccess()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var key = await _http.CreateApiKeyAsync(tokens.AccessToken, new { name = "plain" });

        var principal = await AuthenticateAsync(key.ApiKey);

        Assert.Empty(principal.FindAll(GatewayClaims.KeyScope));
        Assert.Null(ApiKeyLimits.AiSpendPerDay(principal));
        Assert.True(principal.IsFullAccess());
    }

    [Fact]
    public async Task KeyMadeThroughTheFirstGrainMethod_IsFullAccess()
    {
        var registered = await _http.RegisterAndLoginAsync();
        var created = (await cluster.Cluster.GetGrain<IUserGrain>(registered.UserId).CreateApiKey("v1 caller", null))!;
        Assert.True(ApiKeyFormat.TryParse(created.ApiKey, out var keyId, out var secret));

        var identity = await cluster.Cluster.GetGrain<IApiKeyGrain>(keyId).Identify(secret);

        Assert.Equal(registered.UserId, identity?.UserId);
        Assert.True(identity!.Grant.IsFullAccess);
    }

    private async Task<ClaimsPrincipal> AuthenticateAsync(string apiKey)
    {
        var services = cluster.Gateway.Services;
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.Authorization = "Bearer " + apiKey;
        var handler = ActivatorUtilities.CreateInstance<ApiKeyAuthenticationHandler>(services);
        await handler.InitializeAsync(new AuthenticationScheme(ApiKeyAuthenticationHandler.SchemeName, null, typeof(ApiKeyAuthenticationHandler)), context);
        var result = await handler.AuthenticateAsync();
        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Principal!;
    }
}
