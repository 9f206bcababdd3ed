using System.Net;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>Requests for scoped keys are checked: scopes by name, limits by range, both by JSON type.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiKeyRequestTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Theory]
    [InlineData("""{"name":"k","scopes":["documents:admin"]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":["AI"]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":["ai","ai"]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":[]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":[null]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":["ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai","ai"]}""", "invalid_scope")]
    [InlineData("""{"name":"k","scopes":"ai"}""", "invalid_json")]
    [InlineData("""{"name":"k","scopes":[1]}""", "invalid_json")]
    [InlineData("""{"name":"k","limits":{"aiSpendPerDay":"5"}}""", "invalid_json")]
    [InlineData("""{"name":"k","limits":{"aiSpendPerDay":1.5}}""", "invalid_json")]
    [InlineData("""{"name":"k","limits":"5"}""", "invalid_json")]
    [InlineData("""{"name":"k","limits":{"aiSpendPerDay":-1}}""", "validation_failed")]
    [InlineData("""{"name":"k","limits":{"aiSpendPerDay":1000000000001}}""", "validation_failed")]
    public async Task Create_WithABadGrant_Answers400WithCode(string body, string code)
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken);
        request.Content = ApiClient.RawJson(body);

        await (await _http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.Empty((await _http.ListApiKeysAsync(tokens.AccessToken)).EnumerateArray());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_000_000_000_000L)]
    public async Task Create_WithTheBoundsOfAiSpendPerDay_StoresThem(long microUsd)
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();

        var created = await _http.CreateApiKeyAsync(tokens.AccessToken, new { name = "bounded", limits = new { aiSpendPerDay = microUsd } });

        Assert.Equal(microUsd, created.Body.GetProperty("limits").GetProperty("aiSpendPerDay").GetInt64());
        Assert.True(created.Body.GetProperty("fullAccess").GetBoolean());
    }
}
