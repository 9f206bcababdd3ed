using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PowerAutomation.Grains.Abstractions;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary><c>GET /api/v1/me/api-keys</c>: the caller's keys with scopes, limits and last use, never a secret.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiKeyListingTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task List_ShowsScopesAndLimits_NeverTheSecretOrItsHash()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var full = await _http.CreateApiKeyAsync(tokens.AccessToken, new { name = "full" });
        var expiresAt = DateTimeOffset.UtcNow.AddDays(7);
        var scoped = await _http.CreateApiKeyAsync(tokens.AccessToken, new
        {
            name = "editor plug-in", expiresAt, scopes = new[] { "documents:write", "ai" }, limits = new { aiSpendPerDay = 2_500_000 },
        });

        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/api-keys", tokens.AccessToken);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var key in new[] { full, scoped })
        {
            Assert.True(ApiKeyFormat.TryParse(key.ApiKey, out _, out var secret));
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(SecretHasher.Hash(secret), text, StringComparison.OrdinalIgnoreCase);
        }

        var items = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Equal([scoped.KeyId, full.KeyId], items.Select(i => i.GetProperty("keyId").GetString()));
        Assert.All(items, item => Assert.False(item.TryGetProperty("apiKey", out _)));
        var listed = items[0];
        Assert.Equal("editor plug-in", listed.GetProperty("name").GetString());
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, scoped.ApiKey);
        Assert.Equal("pa_".Length + 8, listed.GetProperty("prefix").GetString()!.Length);
        Assert.False(listed.GetProperty("fullAccess").GetBoolean());
        Assert.Equal(["ai", "documents:write"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2_500_000, listed.GetProperty("limits").GetProperty("aiSpendPerDay").GetInt64());
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), listed.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.True(items[1].GetProperty("fullAccess").GetBoolean());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("limits").GetProperty("aiSpendPerDay").ValueKind);
    }

    [Fact]
    public async Task List_LastUsedAt_AppearsAfterUse()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var key = await _http.CreateScopedKeyAsync(tokens.AccessToken, "ai");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", key.ApiKey)).StatusCode);

        var listed = (await _http.ListApiKeysAsync(tokens.AccessToken)).EnumerateArray().Single();
        Assert.InRange(listed.GetProperty("lastUsedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task LastUse_IsWrittenSoonAfterTheFirstUse_ThenAtMostOncePerMinute()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var key = await _http.CreateApiKeyAsync(tokens.AccessToken, new { name = "written" });
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", key.ApiKey)).StatusCode);

        DateTimeOffset? stored = null;
        await Processes.WaitUntilAsync(async () => (stored = await StoredLastUseAsync(key.KeyId)) is not null,
            TimeSpan.FromSeconds(10), "the first use of the key to reach storage");

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", key.ApiKey)).StatusCode);
        var inMemory = (await _http.ListApiKeysAsync(tokens.AccessToken)).EnumerateArray().Single().GetProperty("lastUsedAt").GetDateTimeOffset();

        Assert.True(inMemory > stored, "the list shows the latest use");
        Assert.Equal(stored, await StoredLastUseAsync(key.KeyId));
    }

    private async Task<DateTimeOffset?> StoredLastUseAsync(string keyId)
    {
        var storage = cluster.Silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var state = new GrainState<ApiKeyState>(new ApiKeyState());
        await storage.ReadStateAsync("apiKey", cluster.Cluster.GetGrain<IApiKeyGrain>(keyId).GetGrainId(), state);
        Assert.True(state.State?.Record is not null, $"no stored key {keyId} (etag {state.ETag}, exists {state.RecordExists})");
        return state.State?.LastUsedAt;
    }
}
