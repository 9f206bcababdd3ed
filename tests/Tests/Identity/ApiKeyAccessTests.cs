using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Tests.Identity;

/// <summary>The pure rules behind scoped keys: which credential may call which endpoint, and the limit claim.</summary>
public sealed class ApiKeyAccessTests
{
    private static ClaimsPrincipal Key(params string[] scopes) => new(new ClaimsIdentity(
        [new(GatewayClaims.Subject, Guid.NewGuid().ToString()), new(GatewayClaims.ApiKey, "k"), .. scopes.Select(s => new Claim(GatewayClaims.KeyScope, s))],
        ApiKeyAuthenticationHandler.SchemeName));

    private static readonly ClaimsPrincipal Session = new(new ClaimsIdentity([new Claim(GatewayClaims.Subject, Guid.NewGuid().ToString())], "Bearer"));

    private static Endpoint EndpointWith(params object[] metadata) => new(_ => Task.CompletedTask, new EndpointMetadataCollection(metadata), "test");

    [Fact]
    public void MissingScope_ForReadsAndWrites_FollowsTheDeclaredScopes()
    {
        var documents = EndpointWith(new ApiScopeMetadata(ApiScopes.DocumentsRead, ApiScopes.DocumentsWrite));

        Assert.Null(ApiKeyAccess.MissingScope(Key(ApiScopes.DocumentsRead), documents, HttpMethods.Get));
        Assert.Equal(ApiScopes.DocumentsWrite, ApiKeyAccess.MissingScope(Key(ApiScopes.DocumentsRead), documents, HttpMethods.Post));
        Assert.Null(ApiKeyAccess.MissingScope(Key(ApiScopes.DocumentsWrite), documents, HttpMethods.Get));
        Assert.Equal(ApiScopes.DocumentsRead, ApiKeyAccess.MissingScope(Key(ApiScopes.Ai), documents, HttpMethods.Head));
    }

    [Fact]
    public void MissingScope_SessionsAndFullAccessKeys_PassEverywhere()
    {
        var undeclared = EndpointWith();

        Assert.Null(ApiKeyAccess.MissingScope(Session, undeclared, HttpMethods.Delete));
        Assert.Null(ApiKeyAccess.MissingScope(Key(), undeclared, HttpMethods.Delete));
        Assert.Null(ApiKeyAccess.MissingScope(Session, EndpointWith(ApiScopeMetadata.FullAccessOnly), HttpMethods.Post));
    }

    [Fact]
    public void MissingScope_UndeclaredOrFullAccessOnlyEndpoints_RefuseScopedKeys()
    {
        var all = ApiScopes.All.ToArray();

        Assert.Equal(ApiScopeMetadata.FullAccess, ApiKeyAccess.MissingScope(Key(all), EndpointWith(), HttpMethods.Get));
        Assert.Equal(ApiScopeMetadata.FullAccess, ApiKeyAccess.MissingScope(Key(all), null, HttpMethods.Get));
        // The innermost declaration wins: a full-access-only endpoint inside a documents group.
        var sharing = EndpointWith(new ApiScopeMetadata(ApiScopes.DocumentsRead, ApiScopes.DocumentsWrite), ApiScopeMetadata.FullAccessOnly);
        Assert.Equal(ApiScopeMetadata.FullAccess, ApiKeyAccess.MissingScope(Key(all), sharing, HttpMethods.Post));
        Assert.Null(ApiKeyAccess.MissingScope(Key(ApiScopes.Ai), EndpointWith(ApiScopeMetadata.AnyKey), HttpMethods.Get));
    }

    [Fact]
    public void AiSpendPerDay_ReadsTheKeysClaim_OrNull()
    {
        var limited = Key(ApiScopes.Ai);
        ((ClaimsIdentity)limited.Identity!).AddClaim(new Claim(GatewayClaims.KeyAiSpendPerDay, "1500000"));

        Assert.Equal(1_500_000, ApiKeyLimits.AiSpendPerDay(limited));
        Assert.Null(ApiKeyLimits.AiSpendPerDay(Key(ApiScopes.Ai)));
        Assert.Null(ApiKeyLimits.AiSpendPerDay(Session));
    }

    [Fact]
    public void ApiKeyRecord_StoredBeforeGrants_IsFullAccess()
    {
        var old = new ApiKeyRecord(Guid.NewGuid(), "old", "hash", null, DateTimeOffset.UtcNow);

        Assert.Null(old.Grant);
        Assert.True(old.EffectiveGrant.IsFullAccess);
        Assert.Null(old.EffectiveGrant.AiSpendPerDay);
    }
}
