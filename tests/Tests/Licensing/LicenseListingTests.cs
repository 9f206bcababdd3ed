using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PowerAutomation.Silo.Database;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Licensing;

/// <summary><c>GET /api/v1/admin/licenses</c> (every licence, for administrators) and <c>GET /api/v1/me/licenses</c>.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LicenseListingTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task AdminLicenses_NonAdmin_Is403()
    {
        var (_, member) = await _http.RegisterAndLoginAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/licenses", member.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.GetAsync("/api/v1/me/licenses")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AdminLicenses_SearchByEmailOrId_NewestFirst_WithSeatsAndRevocationAsTheyAreNow()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var buyer = $"{tag}-buyer@example.com";
        await _http.RegisterAsync(buyer);
        var (older, olderKey) = await _http.IssueLicenseAsync(admin, buyer, maxDevices: 3, edition: "personal");
        var (newer, _) = await _http.IssueLicenseAsync(admin, buyer.ToUpperInvariant(), maxDevices: 1);
        var (unclaimed, _) = await _http.IssueLicenseAsync(admin, $"{tag}-no-account@example.com");
        Assert.Equal(HttpStatusCode.OK, (await _http.ActivateAsync(olderKey, "laptop")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.ActivateAsync(olderKey, "desktop")).StatusCode);
        var revoked = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{newer}/revoke", admin, new { reason = "refund" });
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        var found = await _http.FirstAsync(admin, $"/api/v1/admin/licenses?query={tag.ToUpperInvariant()}");

        Assert.Equal([unclaimed, newer, older], found.Select(LicenseId));
        var first = found[2];
        Assert.Equal((buyer, "personal", 3, 2, false),
            (first.GetProperty("email").GetString(), first.GetProperty("edition").GetString(), first.GetProperty("maxDevices").GetInt32(),
             first.GetProperty("devices").GetInt32(), first.GetProperty("revoked").GetBoolean()));
        Assert.True(found[1].GetProperty("revoked").GetBoolean());
        Assert.Equal(0, found[1].GetProperty("devices").GetInt32());
        Assert.Equal($"{tag}-no-account@example.com", found[0].GetProperty("email").GetString());
        Assert.All(found, l => Assert.False(l.TryGetProperty("licenseKey", out _)));
        Assert.Equal([older], (await _http.FirstAsync(admin, $"/api/v1/admin/licenses?query={older}")).Select(LicenseId));

        // A released seat no longer counts.
        var released = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/licenses/{older}/devices/laptop", admin);
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        var after = await _http.FirstAsync(admin, $"/api/v1/admin/licenses?query={older}");
        Assert.Equal(1, Assert.Single(after).GetProperty("devices").GetInt32());
    }

    [Fact]
    public async Task AdminLicenses_PagesWithoutDuplicatesOrGaps()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            issued.Add((await _http.IssueLicenseAsync(admin, $"{tag}-{i}@example.com")).LicenseId);
        }

        var pages = await _http.AllAsync(admin, $"/api/v1/admin/licenses?query={tag}&limit=2",
            async () => await _http.IssueLicenseAsync(admin, $"{tag}-late@example.com"));

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(issued), pages.SelectMany(p => p).Select(LicenseId));
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/licenses?cursor=abc", admin)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/licenses?limit=0", admin)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/licenses?query={new string('q', 201)}", admin))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task MyLicenses_ShowDevicesToRelease_AndNeverTheKey_OrSomeoneElsesLicences()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("owner");
        var (_, owner) = await _http.RegisterAndLoginAsync(email);
        var (_, stranger) = await _http.RegisterAndLoginAsync();
        var (withDevice, key) = await _http.IssueLicenseAsync(admin, email, maxDevices: 2, expiresAt: DateTimeOffset.UtcNow.AddDays(60));
        var (revoked, _) = await _http.IssueLicenseAsync(admin, email, edition: "personal", expiresAt: DateTimeOffset.UtcNow.AddDays(10));
        Assert.Equal(HttpStatusCode.OK, (await _http.ActivateAsync(key, "laptop")).StatusCode);
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{revoked}/revoke", admin, new { reason = "moved" });

        var mine = await MyLicensesAsync(owner.AccessToken);

        Assert.Equal([withDevice, revoked], mine.Select(LicenseId));
        var device = Assert.Single(mine[0].GetProperty("devices").EnumerateArray());
        Assert.Equal(("laptop", "Test device"), (device.GetProperty("deviceId").GetString(), device.GetProperty("deviceName").GetString()));
        Assert.True(device.GetProperty("activatedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Equal((2, false), (mine[0].GetProperty("maxDevices").GetInt32(), mine[0].GetProperty("revoked").GetBoolean()));
        Assert.Equal(["ai", "sync"], mine[0].GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal((true, "moved"), (mine[1].GetProperty("revoked").GetBoolean(), mine[1].GetProperty("revokedBecause").GetString()));
        Assert.All(mine, l => Assert.False(l.TryGetProperty("licenseKey", out _)));
        Assert.Empty(await MyLicensesAsync(stranger.AccessToken));

        // The owner releases the device with the existing endpoint; a stranger may not.
        var path = $"/api/v1/licenses/{withDevice}/devices/laptop";
        await (await _http.SendAuthorizedAsync(HttpMethod.Delete, path, stranger.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Delete, path, owner.AccessToken)).StatusCode);
        Assert.Empty((await MyLicensesAsync(owner.AccessToken))[0].GetProperty("devices").EnumerateArray());
    }

    [Fact]
    public async Task Repair_LicenceMissingFromTheIndex_IsListedAgain()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = Tag();
        var (licenseId, _) = await _http.IssueLicenseAsync(admin, $"{tag}@example.com", edition: "enterprise");
        await using (var connection = new NpgsqlConnection(cluster.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM licenses WHERE license_id = @id", connection);
            delete.Parameters.AddWithValue("id", licenseId);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Empty(await _http.FirstAsync(admin, $"/api/v1/admin/licenses?query={tag}"));

        var repaired = await cluster.Silo.Services.GetRequiredService<ReadModelRepair>().RunAsync();

        // Others in this collection share the database, so only a lower bound is ours to assert.
        Assert.True(repaired.Licenses >= 1, $"repaired {repaired.Licenses} licences");
        var listed = Assert.Single(await _http.FirstAsync(admin, $"/api/v1/admin/licenses?query={tag}"));
        Assert.Equal((licenseId, "enterprise"), (LicenseId(listed), listed.GetProperty("edition").GetString()));
    }

    private async Task<List<JsonElement>> MyLicensesAsync(string token)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/licenses", token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
    }

    private static string Tag() => "l" + Guid.NewGuid().ToString("N")[..12];

    private static string LicenseId(JsonElement license) => license.GetProperty("licenseId").GetString()!;
}
