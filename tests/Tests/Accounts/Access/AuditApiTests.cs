using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Access;

/// <summary>API.md "Accounts": <c>GET /api/v1/admin/audit</c>, filtered by user, kind and time, paged by cursor.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditApiTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Audit_FiltersByUserKindAndTime_NewestFirst_AndPagesWithoutGapsOrRepeats()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail("audited");
        var userId = await _http.RegisterAsync(email);
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 3; i++)
        {
            await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong password " + i });
        }

        await _http.LoginAsync(email);
        var path = $"/api/v1/admin/audit?userId={userId}";
        List<JsonElement> all = [];
        await Processes.WaitUntilAsync(async () =>
        {
            all = await _http.FirstAsync(admin, path);
            return all.Count(e => e.GetProperty("kind").GetString() is "login.failed" or "login.succeeded") >= 4;
        }, TimeSpan.FromSeconds(30), "the sign-in events in the audit log");

        Assert.All(all, e => Assert.Equal(userId, e.GetProperty("userId").GetGuid()));
        var times = all.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal(3, (await _http.FirstAsync(admin, $"{path}&kind=login.failed")).Count);
        Assert.Equal(email, (await _http.FirstAsync(admin, $"{path}&kind=login.succeeded")).Single().GetProperty("subject").GetString());
        Assert.Empty(await _http.FirstAsync(admin, $"{path}&to={Uri.EscapeDataString(before.ToString("O"))}"));
        Assert.Equal(all.Count, (await _http.FirstAsync(admin, $"{path}&from={Uri.EscapeDataString(before.ToString("O"))}")).Count);

        var pages = await _http.AllAsync(admin, $"{path}&limit=1");
        var paged = pages.SelectMany(p => p).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(all.Select(e => e.GetProperty("id").GetInt64()), paged);
    }

    [Theory]
    [InlineData("userId=not-a-user", "validation_failed")]
    [InlineData("kind=Login%20Failed", "validation_failed")]
    [InlineData("from=yesterday", "validation_failed")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "validation_failed")]
    [InlineData("cursor=garbage", "invalid_cursor")]
    [InlineData("limit=0", "validation_failed")]
    public async Task Audit_BadFilters_Answer400WithACode(string query, string code)
    {
        var admin = await cluster.AdminTokenAsync();

        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/admin/audit?{query}", admin)).AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Audit_IsForAdministratorsOnly()
    {
        var (_, member) = await _http.RegisterAndLoginAsync();

        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/audit", member.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _http.GetAsync("/api/v1/admin/audit")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
