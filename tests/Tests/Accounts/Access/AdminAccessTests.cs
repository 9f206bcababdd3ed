using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Access;

/// <summary>API.md "Accounts": administrators disable and enable users and grant and revoke <c>admin</c>.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AdminAccessTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Disable_SignInRefreshKeysAndOpenEditor_AllStop_EnableLetsThemSignInAgain()
    {
        var admin = await cluster.AdminTokenAsync();
        await using var gateway = await FakeClockGateway.StartAsync(cluster);
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, "hello");
        var me = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token)).Content.ReadFromJsonAsync<JsonElement>();
        var userId = me.GetProperty("userId").GetGuid();
        var email = me.GetProperty("email").GetString()!;
        var refresh = await _http.LoginAsync(email);
        var apiKey = (await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", token, new { name = "ci" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        await using var editor = await LiveClient.ConnectAsync(gateway.Address, documentId, token);

        var disabled = await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{userId}/disable", admin);

        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        await (await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
        await (await _http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", apiKey)).AssertProblemAsync(HttpStatusCode.Unauthorized, "account_disabled");

        gateway.PassCheckInterval();
        await (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "account_disabled");
        await editor.WaitForAsync(c => c.CloseStatus is not null, "the editor to be closed");
        Assert.Equal(4001, (int)editor.CloseStatus!.Value);
        Assert.Contains(editor.Received, f => f.Contains("\"account_disabled\""));
        var listed = await _http.FirstAsync(admin, $"/api/v1/admin/users?query={Uri.EscapeDataString(email)}");
        Assert.True(listed.Single().GetProperty("disabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{userId}/enable", admin)).StatusCode);

        var again = await _http.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", again.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", apiKey)).StatusCode);
        await (await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.False((await _http.FirstAsync(admin, $"/api/v1/admin/users?query={Uri.EscapeDataString(email)}")).Single().GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task Disable_IsAudited_WithTheAdministratorWhoDidIt()
    {
        var adminEmail = ApiClient.NewEmail("auditor");
        await PowerAutomation.Client.Admin.BootstrapAdmin.RunAsync(cluster.Cluster, adminEmail, ApiClient.Password);
        var admin = (await _http.LoginAsync(adminEmail)).AccessToken;
        var adminId = (await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", admin)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("userId").GetGuid();
        var (userId, _) = await _http.RegisterAndLoginAsync();

        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/users/{userId}/disable", admin);

        // The audit log is written in batches behind the request: poll, bounded.
        List<JsonElement> events = [];
        await Processes.WaitUntilAsync(async () =>
        {
            events = await _http.FirstAsync(admin, $"/api/v1/admin/audit?userId={userId}&kind=user.disabled");
            return events.Count > 0;
        }, TimeSpan.FromSeconds(30), "the user.disabled audit event");
        Assert.Equal(adminId.ToString(), events.Single().GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GrantAndRevokeAdmin_ChangesWhatTheUserMayDo_AndRevokingEndsTheirSessions()
    {
        var admin = await cluster.AdminTokenAsync();
        await using var gateway = await FakeClockGateway.StartAsync(cluster);
        var email = ApiClient.NewEmail("promoted");
        var userId = await _http.RegisterAsync(email);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Put, $"/api/v1/admin/users/{userId}/roles/admin", admin)).StatusCode);
        var promoted = await _http.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", promoted.AccessToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/admin/users/{userId}/roles/admin", admin)).StatusCode);

        // The old token still says admin; its session is over, so it goes at the next check.
        gateway.PassCheckInterval();
        await (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", promoted.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
        var demoted = await _http.LoginAsync(email);
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/users", demoted.AccessToken)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AdminChanges_ByMembers403_ForUnknownUsers404()
    {
        var admin = await cluster.AdminTokenAsync();
        var (victim, member) = await _http.RegisterAndLoginAsync();
        var changes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Post, "disable"), (HttpMethod.Post, "enable"), (HttpMethod.Put, "roles/admin"), (HttpMethod.Delete, "roles/admin"),
        };

        foreach (var (method, path) in changes)
        {
            await (await _http.SendAuthorizedAsync(method, $"/api/v1/admin/users/{victim}/{path}", member.AccessToken))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await _http.SendAuthorizedAsync(method, $"/api/v1/admin/users/{Guid.NewGuid()}/{path}", admin))
                .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", member.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task UserSearch_IsAPrefix_WithPercentAndUnderscoreTakenLiterally()
    {
        var admin = await cluster.AdminTokenAsync();
        var tag = "p" + Guid.NewGuid().ToString("N")[..10];
        var plain = await _http.RegisterAsync($"{tag}ab@example.com");
        var underscored = await _http.RegisterAsync($"{tag}_b@example.com");

        Assert.Equal([underscored], (await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}_")).Select(u => u.GetProperty("userId").GetGuid()));
        Assert.Empty(await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}%25"));
        Assert.Equal([underscored, plain], (await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag}")).Select(u => u.GetProperty("userId").GetGuid()));
        Assert.Empty(await _http.FirstAsync(admin, $"/api/v1/admin/users?query={tag[2..]}"));
    }
}
