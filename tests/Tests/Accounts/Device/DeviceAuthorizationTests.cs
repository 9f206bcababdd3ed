using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Accounts.Device;

/// <summary>RFC 8628 over HTTP: the device authorization request, the token poll's every answer, and the browser side.</summary>
[Collection(DeviceCollection.Name)]
public sealed class DeviceAuthorizationTests(DeviceFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Start_FormBody_AnswersTheRfcFieldsAndCamelCaseTwins()
    {
        var response = await _http.PostAsync("/api/v1/auth/device", new FormUrlEncodedContent([new("client_id", "pa-cli")]));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var userCode = body.GetProperty("user_code").GetString()!;
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", userCode);
        Assert.True(body.GetProperty("device_code").GetString()!.Length >= 40);
        Assert.EndsWith("/device", body.GetProperty("verification_uri").GetString());
        Assert.Equal(body.GetProperty("verification_uri").GetString() + "?user_code=" + userCode, body.GetProperty("verification_uri_complete").GetString());
        Assert.Equal(600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(5, body.GetProperty("interval").GetInt32());
        Assert.Equal(userCode, body.GetProperty("userCode").GetString());
        Assert.Equal(body.GetProperty("device_code").GetString(), body.GetProperty("deviceCode").GetString());
    }

    [Fact]
    public async Task Start_JsonBodyOrNoBody_IsAccepted()
    {
        var json = await _http.PostAsync("/api/v1/auth/device", ApiClient.RawJson("""{"client_id":"pa-desktop","device_name":"My laptop"}"""));
        var empty = await _http.PostAsync("/api/v1/auth/device", null);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
    }

    [Fact]
    public async Task Start_UnknownClientOrGarbage_IsRefusedWithRfcError()
    {
        var unknown = await _http.PostAsync("/api/v1/auth/device", new FormUrlEncodedContent([new("client_id", "evil-app")]));
        var body = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_client");
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());

        await (await _http.PostAsync("/api/v1/auth/device", new StringContent("client_id=pa-cli", Encoding.UTF8, "text/plain")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await _http.PostAsync("/api/v1/auth/device", ApiClient.RawJson("[]"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await _http.PostAsync("/api/v1/auth/device", ApiClient.RawJson("{\"client_id\":12}"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await _http.PostAsync("/api/v1/auth/device", ApiClient.RawJson("{\"client_id\""))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await _http.PostAsync("/api/v1/auth/device", new StringContent("client_id=pa-cli&client_id=pa-cli", Encoding.UTF8, "application/x-www-form-urlencoded")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await _http.PostAsync("/api/v1/auth/device", new FormUrlEncodedContent([new("client_id", new string('x', 101))])))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await _http.PostAsync("/api/v1/auth/device", new FormUrlEncodedContent([new("device_name", "bad\u202Ename")])))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_BeforeApproval_IsPending_TooFastIsSlowDown_AndTheIntervalGrowsBy5()
    {
        var started = await _http.StartAsync();

        var first = await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("authorization_pending");
        var tooFast = await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("slow_down");
        cluster.Clock.Advance(TimeSpan.FromSeconds(9));
        var stillTooFast = await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("slow_down");
        cluster.Clock.Advance(TimeSpan.FromSeconds(15));
        var paced = await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("authorization_pending");

        Assert.Equal(5, first.GetProperty("interval").GetInt32());
        Assert.Equal(10, tooFast.GetProperty("interval").GetInt32());
        Assert.Equal(15, stillTooFast.GetProperty("interval").GetInt32());
        Assert.Equal(15, paced.GetProperty("interval").GetInt32());
    }

    [Fact]
    public async Task Token_AfterApproval_IssuesTheLoginPairOnce_ThenInvalidGrant()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        var started = await _http.StartAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _http.ApproveAsync(user.AccessToken, started.UserCode.ToLowerInvariant())).StatusCode);
        var issued = await _http.PollAsync(started.DeviceCode);
        var again = await _http.PollAsync(started.DeviceCode);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Contains("no-store", issued.Headers.CacheControl!.ToString());
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(body.GetProperty("access_token").GetString(), body.GetProperty("accessToken").GetString());
        Assert.Equal(body.GetProperty("refresh_token").GetString(), body.GetProperty("refreshToken").GetString());
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);
        await again.AssertTokenErrorAsync("invalid_grant");

        var me = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", body.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var refreshed = await _http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = body.GetProperty("refresh_token").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        // The code is spent for the browser too.
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/auth/device/{started.UserCode}", user.AccessToken))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Token_JsonPoll_IsAcceptedLikeAForm()
    {
        var started = await _http.StartAsync();

        var poll = await _http.PostAsync("/api/v1/auth/device/token",
            ApiClient.RawJson($$"""{"grant_type":"{{DeviceFlow.GrantType}}","device_code":"{{started.DeviceCode}}"}"""));

        await poll.AssertTokenErrorAsync("authorization_pending");
    }

    [Fact]
    public async Task Token_ConcurrentPollsAfterApproval_ExactlyOneGetsTokens()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        var started = await _http.StartAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ApproveAsync(user.AccessToken, started.UserCode)).StatusCode);

        var polls = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _http.PollAsync(started.DeviceCode)));

        Assert.Single(polls, p => p.StatusCode == HttpStatusCode.OK);
        foreach (var refused in polls.Where(p => p.StatusCode != HttpStatusCode.OK))
        {
            await refused.AssertTokenErrorAsync("invalid_grant");
        }
    }

    [Fact]
    public async Task Token_Denied_IsAccessDenied_AndTheAnswerCannotChange()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        var (_, other) = await _http.RegisterAndLoginAsync();
        var started = await _http.StartAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DenyAsync(user.AccessToken, started.UserCode)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DenyAsync(user.AccessToken, started.UserCode)).StatusCode);
        await (await _http.ApproveAsync(user.AccessToken, started.UserCode)).AssertProblemAsync(HttpStatusCode.Conflict, "already_decided");
        await (await _http.ApproveAsync(other.AccessToken, started.UserCode)).AssertProblemAsync(HttpStatusCode.Conflict, "already_decided");

        await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("access_denied");
        await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("access_denied");
    }

    [Fact]
    public async Task Token_AfterExpiry_IsExpiredToken_AndApprovingIsGone()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        var started = await _http.StartAsync();

        cluster.Clock.Advance(TimeSpan.FromSeconds(601));

        await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("expired_token");
        await (await _http.ApproveAsync(user.AccessToken, started.UserCode)).AssertProblemAsync(HttpStatusCode.Gone, "expired_token");
        await (await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/auth/device/{started.UserCode}", user.AccessToken))
            .AssertProblemAsync(HttpStatusCode.Gone, "expired_token");
        await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("expired_token");
    }

    [Fact]
    public async Task Token_UnknownCodeWrongGrantOrGarbage_AnswersTheRfcErrors()
    {
        var started = await _http.StartAsync();

        await (await _http.PollAsync("not-a-device-code")).AssertTokenErrorAsync("invalid_grant");
        await (await _http.PollAsync(new string('x', 5000))).AssertTokenErrorAsync("invalid_grant");
        await (await _http.PollAsync(started.DeviceCode, "authorization_code")).AssertTokenErrorAsync("unsupported_grant_type");
        await (await _http.PostAsync("/api/v1/auth/device/token", new FormUrlEncodedContent([new("device_code", started.DeviceCode)])))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await _http.PostAsync("/api/v1/auth/device/token", new FormUrlEncodedContent([new("grant_type", DeviceFlow.GrantType)])))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_request");
        await (await _http.PostAsync("/api/v1/auth/device/token", ApiClient.RawJson("{\"grant_type\":true}")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await _http.PostAsync("/api/v1/auth/device/token", new StringContent("garbage", Encoding.UTF8, "application/octet-stream")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        // None of that touched the real request.
        await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("authorization_pending");
    }

    [Fact]
    public async Task Describe_ShowsWhatAsks_ForAnyWayOfTypingTheCode()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        var response = await _http.PostAsync("/api/v1/auth/device",
            new FormUrlEncodedContent([new("client_id", "pa-desktop"), new("device_name", "Desk editor")]));
        var userCode = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user_code").GetString()!;
        var typed = " " + userCode.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();

        var described = await _http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/auth/device/{Uri.EscapeDataString(typed)}", user.AccessToken);
        var body = await described.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
        Assert.Equal(userCode, body.GetProperty("userCode").GetString());
        Assert.Equal("pa-desktop", body.GetProperty("clientId").GetString());
        Assert.Equal("Desk editor", body.GetProperty("deviceName").GetString());
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > body.GetProperty("requestedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync($"/api/v1/auth/device/{userCode}")).StatusCode);
    }

    [Fact]
    public async Task Approve_UnknownOrMissingCode_Is404Or400()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();

        await (await _http.ApproveAsync(user.AccessToken, "BCDF-GHJK")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DenyAsync(user.AccessToken, "not a code")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/auth/device/approve", user.AccessToken, new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.SendAsync(WithBody(ApiClient.Authorized(HttpMethod.Post, "/api/v1/auth/device/approve", user.AccessToken), "{\"userCode\":5}")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task Approve_ByADisabledUser_IsRefused_AndTheDeviceStaysPending()
    {
        var (userId, user) = await _http.RegisterAndLoginAsync();
        var started = await _http.StartAsync();
        await DeviceFlow.DisableAsync(cluster, userId);

        // Refused by the gateway's revocation check (401), or, while a gateway still trusts the token, by the grain (403).
        var refused = await _http.ApproveAsync(user.AccessToken, started.UserCode);
        Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, refused.StatusCode.ToString());
        Assert.Equal("account_disabled", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        await (await _http.PollAsync(started.DeviceCode)).AssertTokenErrorAsync("authorization_pending");
    }

    [Fact]
    public async Task Lookups_GuessingCodes_IsThrottledPerUser()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        var started = await _http.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await (await _http.ApproveAsync(user.AccessToken, "ZZZZ-ZZZZ")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var throttled = await _http.ApproveAsync(user.AccessToken, started.UserCode);
        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.NotNull(throttled.Headers.RetryAfter);

        // Someone else, from the same address, is not held back by that user's guesses.
        var (_, other) = await _http.RegisterAndLoginAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await _http.ApproveAsync(other.AccessToken, started.UserCode)).StatusCode);
    }

    private static HttpRequestMessage WithBody(HttpRequestMessage request, string json)
    {
        request.Content = ApiClient.RawJson(json);
        return request;
    }
}
