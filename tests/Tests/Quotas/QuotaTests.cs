using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Grains.Abstractions.Quotas;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Quotas;

[Collection(ClusterCollection.Name)]
public sealed class QuotaTests(ClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task LicenceWithThreeAiRequestsPerDay_RefusesTheFourthWith429AndHeaders()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        await _http.IssueLicenseAsync(admin, email, limits: new { aiRequestsPerDay = 3 });

        for (var i = 1; i <= 3; i++)
        {
            var granted = await Consume(user.AccessToken, "ai_requests");
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            Assert.Equal("3", granted.Headers.GetValues("RateLimit-Limit").Single());
            Assert.Equal((3 - i).ToString(), granted.Headers.GetValues("RateLimit-Remaining").Single());
        }

        var refused = await Consume(user.AccessToken, "ai_requests");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.Equal("ai_requests", problem.GetProperty("kind").GetString());
        Assert.Equal("3", refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        var untilMidnight = DateTimeOffset.UtcNow.Date.AddDays(1) - DateTimeOffset.UtcNow.UtcDateTime;
        var reset = long.Parse(refused.Headers.GetValues("RateLimit-Reset").Single());
        Assert.InRange(reset, (long)untilMidnight.TotalSeconds - 5, (long)untilMidnight.TotalSeconds + 5);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, untilMidnight.TotalSeconds - 5, untilMidnight.TotalSeconds + 5);
    }

    [Fact]
    public async Task MeQuota_ListsEveryKindWithEditionDefaultsAndOverrides()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        await Consume(user.AccessToken, "ai_tokens", 250);

        var community = await Usage(user.AccessToken);
        Assert.Equal(["ai_requests", "ai_spend", "ai_tokens", "requests_per_minute", "workflow_runs"], community.Keys.Order().ToArray());
        Assert.Equal(20, community["ai_requests"].GetProperty("limit").GetInt64());
        Assert.Equal(500_000, community["ai_spend"].GetProperty("limit").GetInt64());
        Assert.Equal(250, community["ai_tokens"].GetProperty("used").GetInt64());
        Assert.Equal(20_000 - 250, community["ai_tokens"].GetProperty("remaining").GetInt64());

        await _http.IssueLicenseAsync(admin, email, edition: "team", limits: new { workflowRunsPerDay = 7, aiSpendPerDay = 1_234_567 });
        var team = await Usage(user.AccessToken);
        Assert.Equal(10_000, team["ai_requests"].GetProperty("limit").GetInt64());
        Assert.Equal(1_234_567, team["ai_spend"].GetProperty("limit").GetInt64());
        Assert.Equal(7, team["workflow_runs"].GetProperty("limit").GetInt64());
        Assert.Equal(250, team["ai_tokens"].GetProperty("used").GetInt64());
        Assert.True(team["ai_tokens"].GetProperty("resetsAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task RequestsPerMinute_RefusesApiCallsOverTheRate()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        await _http.IssueLicenseAsync(admin, email, limits: new { requestsPerMinute = 5 });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
        {
            last = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", user.AccessToken);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        var problem = await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.Equal("requests_per_minute", problem.GetProperty("kind").GetString());
        Assert.InRange(last.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 13);
    }

    [Fact]
    public async Task Revocation_DropsLimitsBackToCommunityAtOnce()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        var (licenseId, _) = await _http.IssueLicenseAsync(admin, email, edition: "enterprise");
        Assert.Equal(100_000, (await Usage(user.AccessToken))["ai_requests"].GetProperty("limit").GetInt64());

        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{licenseId}/revoke", admin, new { reason = "refund" });

        Assert.Equal(20, (await Usage(user.AccessToken))["ai_requests"].GetProperty("limit").GetInt64());
    }

    [Fact]
    public async Task Consume_BadInput_Answers400AndConsumesNothing()
    {
        var (_, user) = await _http.RegisterAndLoginAsync();
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", user.AccessToken, new { kind = "gold" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", user.AccessToken, new { kind = "ai_tokens", cost = 0 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var wrongType = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/quota/consume") { Content = ApiClient.RawJson("{\"kind\":\"ai_tokens\",\"cost\":\"lots\"}") };
        wrongType.Headers.Authorization = new("Bearer", user.AccessToken);
        await (await _http.SendAsync(wrongType)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");

        Assert.Equal(0, (await Usage(user.AccessToken))["ai_tokens"].GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task Consumption_IsDurableAcrossDeactivation_AndRefundsGiveBack()
    {
        var (userId, user) = await _http.RegisterAndLoginAsync();
        await Consume(user.AccessToken, "workflow_runs", 4);
        var grain = cluster.Cluster.GetGrain<IQuotaGrain>(QuotaKeys.ForUser(userId));
        await grain.Refund("workflow_runs", 1, DateTimeOffset.UtcNow);

        await cluster.Cluster.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(3, (await Usage(user.AccessToken))["workflow_runs"].GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task ApiKey_HasItsOwnPerMinuteRate_ButSharesTheUsersDailyAllowance()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        await _http.IssueLicenseAsync(admin, email, limits: new { requestsPerMinute = 4, aiRequestsPerDay = 2 });
        var first = await CreateKey(user.AccessToken, "first");
        var second = await CreateKey(user.AccessToken, "second");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", first)).StatusCode);
        }

        await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", first)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");

        // The user's own session draws on another per-minute bucket (two calls spent creating the keys) …
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", user.AccessToken)).StatusCode);

        // … but the daily allowance is the user's, whichever credential spends it.
        var spent = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", user.AccessToken, new { kind = "ai_requests", cost = 2 });
        Assert.Equal(HttpStatusCode.OK, spent.StatusCode);
        var refused = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", second, new { kind = "ai_requests", cost = 1 });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.Equal("ai_requests", problem.GetProperty("kind").GetString());
    }

    private async Task<string> CreateKey(string token, string name)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/api-keys", token, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    [Fact]
    public async Task BestValidLicence_DecidesTheEdition()
    {
        var admin = await cluster.AdminTokenAsync();
        var email = ApiClient.NewEmail();
        var (_, user) = await _http.RegisterAndLoginAsync(email);
        await _http.IssueLicenseAsync(admin, email, edition: "personal");
        var (team, _) = await _http.IssueLicenseAsync(admin, email, edition: "team");
        await _http.IssueLicenseAsync(admin, email, edition: "enterprise", expiresAt: DateTimeOffset.UtcNow.AddSeconds(1));

        await Processes.WaitUntilAsync(async () => await Edition(user.AccessToken) == "team", TimeSpan.FromSeconds(10),
            "the short enterprise licence to lapse, leaving team the best");
        await _http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/admin/licenses/{team}/revoke", admin, new { reason = "downgrade" });
        Assert.Equal("personal", await Edition(user.AccessToken));
    }

    private async Task<string?> Edition(string token) =>
        (await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me", token)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("edition").GetString();

    private Task<HttpResponseMessage> Consume(string token, string kind, long cost = 1) =>
        _http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", token, new { kind, cost });

    private async Task<Dictionary<string, JsonElement>> Usage(string token)
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = await response.Content.ReadFromJsonAsync<JsonElement>();
        return items.EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!, i => i);
    }
}
