using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class ApiKeyTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task ApiKey_Created_AuthenticatesAsOwnerUntilDeleted()
    {
        var (userId, tokens) = await _http.RegisterAndLoginAsync();
        var created = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken, new { name = "ci" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = body.GetProperty("apiKey").GetString()!;
        var keyId = body.GetProperty("keyId").GetString()!;
        Assert.StartsWith("pa_", apiKey);

        var me = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", apiKey);
        Assert.Equal(userId, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid());

        var deleted = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/api-keys/{keyId}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var after = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", apiKey);
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task ApiKey_SecretIsNotStoredInClear()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var body = await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken, new { name = "stored" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        // The secret is base64url and may itself hold '_': split as the server does, never on every '_'.
        Assert.True(PowerAutomation.Grains.Abstractions.Identity.ApiKeyFormat.TryParse(body.GetProperty("apiKey").GetString(), out _, out var secret));

        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM orleans_grain_state WHERE position(@secret::bytea in payload_binary) > 0", connection);
        query.Parameters.AddWithValue("secret", System.Text.Encoding.UTF8.GetBytes(secret));
        Assert.Equal(0L, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ApiKey_Expired_IsRefused()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var body = await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken,
            new { name = "short", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) })).Content.ReadFromJsonAsync<JsonElement>();
        var apiKey = body.GetProperty("apiKey").GetString()!;

        await Processes.WaitUntilAsync(async () =>
            (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", apiKey)).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10), "the API key to expire");
    }

    [Fact]
    public async Task ApiKey_ForgedOrUnknown_Answers401()
    {
        foreach (var key in new[] { "pa_", "pa_nothex_aaaaaaaaaaaaaaaaaaaaaa", $"pa_{Guid.NewGuid():N}_{new string('a', 43)}" })
        {
            var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", key);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        }
    }

    [Fact]
    public async Task ApiKey_BadRequests_Answer400Or404()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var noName = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken, new { name = "" });
        await noName.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var past = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", tokens.AccessToken,
            new { name = "x", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        await past.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var badDate = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/api-keys") { Content = ApiClient.RawJson("{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}") };
        badDate.Headers.Authorization = new("Bearer", tokens.AccessToken);
        await (await _http.SendAsync(badDate)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");

        var unknown = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/api-keys/{Guid.NewGuid():N}", tokens.AccessToken);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ApiKey_OfAnotherUser_CannotBeDeleted()
    {
        var (_, owner) = await _http.RegisterAndLoginAsync();
        var (_, other) = await _http.RegisterAndLoginAsync();
        var body = await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", owner.AccessToken, new { name = "mine" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var response = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/api-keys/{body.GetProperty("keyId").GetString()}", other.AccessToken);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var stillWorks = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", body.GetProperty("apiKey").GetString()!);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }
}
