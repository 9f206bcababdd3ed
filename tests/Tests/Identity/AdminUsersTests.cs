using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PowerAutomation.Silo.Database;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

/// <summary>
/// <c>GET /api/v1/admin/users</c> and <c>GET /api/v1/admin/users/{userId}/quota</c>. The collection's database is
/// shared, so every test searches for a tag of its own.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AdminUsersTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task ListUsers_NonAdmin_Is403_AndAnonymous401()
    {
        var (_, member) = await _http.RegisterAndLoginAsync();

        foreach (var path in new[] { "/api/v1/admin/users", $"/api/v1/admin/users/{Guid.NewGuid()}/quota" })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Get, path, member.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await _http.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task ListUsers_QueryMatchesTheStartOfEmailOrDisplayName_IgnoringCase_NewestFirst()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var first = await _http.RegisterAsync($"{tag}-first@example.com");
        var second = await _http.RegisterAsync(ApiClient.NewEmail("plain"), displayName: $"{tag.ToUpperInvariant()} Ada Lovelace");
        var middle = await _http.RegisterAsync(ApiClient.NewEmail("plain"), displayName: $"Ada {tag} Byron");
        var third = await _http.RegisterAsync($"{tag}-third@example.com", displayName: "Third");
        await _http.RegisterAsync(ApiClient.NewEmail("unrelated"));

        var found = await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag.ToUpperInvariant()}");

        Assert.Equal([third, second, first], found.Select(UserId));
        var ada = found[1];
        Assert.Equal($"{tag.ToUpperInvariant()} Ada Lovelace", ada.GetProperty("displayName").GetString());
        Assert.Equal(["member"], ada.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(ada.GetProperty("disabled").GetBoolean());
        Assert.Equal("community", ada.GetProperty("edition").GetString());
        Assert.Equal([third], (await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}-THIRD")).Select(UserId));
        Assert.Equal([second], (await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}%20ada")).Select(UserId));
        Assert.Equal([middle], (await _http.FirstAsync(admin, $"/api/v1/admin/users?query=ada%20{tag}")).Select(UserId));
        Assert.Empty(await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}-nobody"));
    }

    [Fact]
    public async Task ListUsers_ShowsRolesAndTheEditionLicencesGive()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var licensed = $"{tag}-licensed@example.com";
        var licensedId = await _http.RegisterAsync(licensed);
        await _http.IssueLicenseAsync(admin, licensed, edition: "team");
        var operatorEmail = $"{tag}-operator@example.com";
        await PowerAutomation.Client.Admin.BootstrapAdmin.RunAsync(cluster.Cluster, operatorEmail, ApiClient.Password);

        var found = await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}");

        var byEmail = found.ToDictionary(u => u.GetProperty("email").GetString()!);
        Assert.Equal((licensedId, "team"), (UserId(byEmail[licensed]), byEmail[licensed].GetProperty("edition").GetString()));
        Assert.Equal(["admin", "member"], byEmail[operatorEmail].GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task ListUsers_PagesWithoutDuplicatesOrGaps_EvenWhenUsersRegisterMeanwhile()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var registered = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            registered.Add(await _http.RegisterAsync($"{tag}-{i}@example.com"));
        }

        var late = new List<Guid>();
        var pages = await _http.AllAsync(admin, $"/api/v1/admin/users?query={tag}&limit=2",
            async () => late.Add(await _http.RegisterAsync($"{tag}-late-{late.Count}@example.com")));

        // Users who register meanwhile are newer than the first page, so they never push anyone across a page boundary.
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(registered), pages.SelectMany(p => p).Select(UserId));
        var again = await _http.AllAsync(admin, $"/api/v1/admin/users?query={tag}&limit=200");
        Assert.Equal(Enumerable.Reverse(registered.Concat(late).ToList()), again.Single().Select(UserId));
    }

    [Theory]
    [InlineData("limit=0", "validation_failed")]
    [InlineData("limit=201", "validation_failed")]
    [InlineData("limit=%2B5", "validation_failed")]
    [InlineData("cursor=not-a-cursor", "invalid_cursor")]
    [InlineData("cursor=Mi4xLjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVm", "invalid_cursor")]
    [InlineData("cursor=MS4xLjAxMjM0NTY3ODlBQkNERUYwMTIzNDU2Nzg5YWJjZGVm", "invalid_cursor")]
    public async Task ListUsers_BadQuery_Is400(string query, string code)
    {
        var admin = await cluster.AdminTokenAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/users?{query}", admin)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task ListUsers_QueryOverTwoHundredCharacters_Is400()
    {
        var admin = await cluster.AdminTokenAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/users?query={new string('x', 201)}", admin))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/users?query={new string('x', 200)}", admin)).StatusCode);
    }

    [Fact]
    public async Task GetQuota_ShowsTheUsersUsage_AsMeQuotaShowsItToThem()
    {
        var admin = await cluster.AdminTokenAsync();
        var (userId, user) = await _http.RegisterAndLoginAsync();
        var consumed = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", user.AccessToken, new { kind = "ai_requests", cost = 3 });
        Assert.Equal(HttpStatusCode.OK, consumed.StatusCode);

        var seen = await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/users/{userId}/quota", admin)).Content.ReadFromJsonAsync<JsonElement>();
        var own = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", user.AccessToken)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(Kinds(own), Kinds(seen));
        Assert.Equal(["ai_requests", "ai_spend", "ai_tokens", "requests_per_minute", "workflow_runs"], Kinds(seen).Order(StringComparer.Ordinal));
        var requests = seen.EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "ai_requests");
        Assert.Equal((3, requests.GetProperty("limit").GetInt64() - 3), (requests.GetProperty("used").GetInt64(), requests.GetProperty("remaining").GetInt64()));

        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/users/{Guid.NewGuid()}/quota", admin))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Repair_UserMissingFromTheReadModel_IsListedAgain()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var userId = await _http.RegisterAsync($"{tag}@example.com", displayName: "Registered long ago");
        await using (var connection = new NpgsqlConnection(cluster.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM users WHERE user_id = @id", connection);
            delete.Parameters.AddWithValue("id", userId);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Empty(await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}"));

        var repaired = await cluster.Silo.Services.GetRequiredService<ReadModelRepair>().RunAsync();

        // Others in this collection share the database, so only a lower bound is ours to assert.
        Assert.True(repaired.Users >= 1, $"repaired {repaired.Users} users");
        var user = Assert.Single(await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}"));
        Assert.Equal((userId, "Registered long ago"), (UserId(user), user.GetProperty("displayName").GetString()));
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static Guid UserId(JsonElement user) => user.GetProperty("userId").GetGuid();

    private static string[] Kinds(JsonElement quota) => quota.EnumerateArray().Select(k => k.GetProperty("kind").GetString()!).ToArray();
}
