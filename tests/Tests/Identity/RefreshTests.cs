using System.Net;
using System.Net.Http.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class RefreshTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Refresh_CurrentToken_RotatesToNewWorkingPair()
    {
        var (_, first) = await _http.RegisterAndLoginAsync();

        var response = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = (await response.Content.ReadFromJsonAsync<TokenPair>())!;

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        var me = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", second.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Refresh_ReusedToken_Answers401TokenReusedAndRevokesFamily()
    {
        var (_, first) = await _http.RegisterAndLoginAsync();
        var rotated = await (await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken }))
            .Content.ReadFromJsonAsync<TokenPair>();

        var reuse = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        await reuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_reused");

        // The thief's copy and the owner's newer token are both dead now.
        var newer = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = rotated!.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, newer.StatusCode);
    }

    [Fact]
    public async Task Refresh_OtherFamiliesSurviveReuseOfOne()
    {
        var email = ApiClient.NewEmail();
        await _http.RegisterAsync(email);
        var laptop = await _http.LoginAsync(email);
        var phone = await _http.LoginAsync(email);

        await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = laptop.RefreshToken });
        await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = laptop.RefreshToken });

        var phoneRefresh = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = phone.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, phoneRefresh.StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00000000000000000000000000000000.00000000000000000000000000000000.aaaaaaaaaaaaaaaaaaaa")]
    public async Task Refresh_ForgedToken_Answers401InvalidToken(string token)
    {
        var response = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Refresh_GuessedSecretForRealFamily_Answers401AndLeavesFamilyWorking()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var parts = tokens.RefreshToken.Split('.');
        var guessed = $"{parts[0]}.{parts[1]}.{new string('A', 43)}";

        var response = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = guessed });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");

        var real = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheFamily()
    {
        var (_, tokens) = await _http.RegisterAndLoginAsync();

        var logout = await _http.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        var refresh = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task RefreshAndLogout_MissingToken_Answer400()
    {
        var refresh = await _http.PostAsync("/api/v1/auth/refresh", ApiClient.RawJson("{}"));
        await refresh.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var logout = await _http.PostAsync("/api/v1/auth/logout", ApiClient.RawJson("{\"refreshToken\": 5}"));
        await logout.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }
}
