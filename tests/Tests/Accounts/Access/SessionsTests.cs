using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Tests.Documents;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Access;

/// <summary>API.md "Accounts": the caller's sessions, listed and ended; an ended session's tokens stop at the next check.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionsTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Sessions_ListEverySignIn_WithDeviceAndCurrent_NewestFirst()
    {
        var email = ApiClient.NewEmail("sessions");
        await _http.RegisterAsync(email);
        var laptop = await LoginAsync(email, "laptop", "LaptopBrowser/1.0");
        var phone = await LoginAsync(email, "phone", "PhoneApp/2.0");

        var sessions = await ListAsync(phone.AccessToken);

        Assert.Equal(["phone", "laptop"], sessions.Select(s => s.GetProperty("deviceId").GetString()));
        Assert.Equal([true, false], sessions.Select(s => s.GetProperty("current").GetBoolean()));
        Assert.Equal("PhoneApp/2.0", sessions[0].GetProperty("userAgent").GetString());
        Assert.All(sessions, s => Assert.True(s.GetProperty("lastUsedAt").GetDateTimeOffset() >= s.GetProperty("createdAt").GetDateTimeOffset()));
        Assert.Equal([false, true], (await ListAsync(laptop.AccessToken)).Select(s => s.GetProperty("current").GetBoolean()));
    }

    [Fact]
    public async Task EndSession_ItsRefreshTokenDiesAtOnce_AndItsAccessTokenAtTheNextCheck_OnAnyGateway()
    {
        await using var gateway = await FakeClockGateway.StartAsync(cluster);
        var email = ApiClient.NewEmail("end");
        await _http.RegisterAsync(email);
        var ending = await LoginAsync(email, "old-laptop");
        var keeping = await LoginAsync(email, "desk");
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", ending.AccessToken)).StatusCode);
        var endingId = (await ListAsync(keeping.AccessToken)).Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("sessionId").GetGuid();

        var ended = await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{endingId}", keeping.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        await (await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = ending.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        gateway.PassCheckInterval();
        await (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", ending.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", keeping.AccessToken)).StatusCode);
        Assert.Equal(["desk"], (await ListAsync(keeping.AccessToken)).Select(s => s.GetProperty("deviceId").GetString()));
    }

    [Fact]
    public async Task EndOthers_KeepsTheCurrentSession_AndSaysHowManyEnded()
    {
        var email = ApiClient.NewEmail("others");
        await _http.RegisterAsync(email);
        await LoginAsync(email, "a");
        await LoginAsync(email, "b");
        var current = await LoginAsync(email, "c");

        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/sessions/end-others", current.AccessToken);

        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal(["c"], (await ListAsync(current.AccessToken)).Select(s => s.GetProperty("deviceId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = current.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task EndSession_SomeoneElsesOrUnknown_Is404_AndEndsNothing()
    {
        var victimEmail = ApiClient.NewEmail("victim");
        await _http.RegisterAsync(victimEmail);
        var victim = await LoginAsync(victimEmail, "victim-device");
        var victimSession = (await ListAsync(victim.AccessToken)).Single().GetProperty("sessionId").GetGuid();
        var (_, attacker) = await _http.RegisterAndLoginAsync();

        foreach (var id in new[] { victimSession, Guid.NewGuid() })
        {
            await (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{id}", attacker.AccessToken))
                .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _http.SendAuthorizedAsync(HttpMethod.Delete, "/api/v1/me/sessions/not-a-guid", attacker.AccessToken)).StatusCode);
        Assert.Single(await ListAsync(victim.AccessToken));
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = victim.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheSession_ForTheAccessTokenToo()
    {
        await using var gateway = await FakeClockGateway.StartAsync(cluster);
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).StatusCode);

        await _http.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = tokens.RefreshToken });
        gateway.PassCheckInterval();

        await (await gateway.Http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "session_ended");
    }

    [Fact]
    public async Task EndedSession_OpenEditor_IsClosedAtTheNextCheck()
    {
        await using var gateway = await FakeClockGateway.StartAsync(cluster);
        var (token, documentId, _) = await cluster.CreateDocumentAsync(_http, "hello");
        await using var editor = await LiveClient.ConnectAsync(gateway.Address, documentId, token);

        var current = (await ListAsync(token)).Single(s => s.GetProperty("current").GetBoolean()).GetProperty("sessionId").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await _http.SendAuthorizedAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{current}", token)).StatusCode);
        gateway.PassCheckInterval();

        await editor.WaitForAsync(c => c.Received.Any(f => f.Contains("\"session_ended\"")), "the session_ended error frame");
        await editor.WaitForAsync(c => c.CloseStatus is not null, "the close");
        Assert.Equal(4001, (int)editor.CloseStatus!.Value);
    }

    private async Task<TokenPair> LoginAsync(string email, string deviceId, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email, password = ApiClient.Password, deviceId }),
        };
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }

        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    private async Task<List<JsonElement>> ListAsync(string token)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/sessions", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }
}
