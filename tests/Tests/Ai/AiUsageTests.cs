using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// The AI usage log (issue 14, item 4): a row for every call that went upstream and none for refused ones, with
/// the model asked and served, provider, tokens, cost, latency and status; the caller's and the administrators'
/// listings, paged by cursor and filtered, with daily totals; and the same calls as GenAI metrics.
/// </summary>
public sealed class AiUsageTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private const long InputPrice = 100;
    private const long OutputPrice = 300;
    private const long CallCost = FakeProvider.InputTokens * InputPrice + FakeProvider.OutputTokens * OutputPrice;
    private static readonly string[] Prices =
    [
        $"--Ai:Prices:claude-big:InputPerMillion={InputPrice}", $"--Ai:Prices:claude-big:OutputPerMillion={OutputPrice}",
        $"--Ai:Prices:gpt-big:InputPerMillion={InputPrice}", $"--Ai:Prices:gpt-big:OutputPerMillion={OutputPrice}",
    ];

    private static readonly string[] PricesAndAlias = [.. Prices, "--Ai:Models:smart:Targets:0=gpt-old", "--Ai:Models:smart:Targets:1=claude-big"];

    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task EveryCallThatWentUpstream_HasARow_AndRefusedCallsHaveNone()
    {
        await using var gpt = await FakeProvider.StartAsync("gpt", AiProtocol.OpenAi);
        await using var claude = await FakeProvider.StartAsync("claude", AiProtocol.Anthropic);
        await using var broken = await FakeProvider.StartAsync("broken", AiProtocol.OpenAi);
        broken.Behavior = FakeBehavior.ServerError;
        await using var gateway = await cluster.StartAiGatewayAsync("priority", PricesAndAlias,
            new ProviderSetup(gpt, ["gpt-big"]), new ProviderSetup(claude, ["claude-big"]), new ProviderSetup(broken, ["gpt-old"]));
        var http = gateway.CreateClient();

        // Five requests a day: a failed call gives its unit back, a refused one never takes it.
        var (token, _) = await UserAsync(new { aiRequestsPerDay = 5, requestsPerMinute = 100_000 });

        // Upstream, each one row: plain, streamed, Anthropic's format, an alias served by its second target, a failure.
        var plain = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("gpt-big"));
        var streamed = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("gpt-big", stream: true));
        await streamed.Content.ReadAsStringAsync();
        var messages = await http.PostAsync("/v1/messages", token, new { model = "claude-big", max_tokens = 64, messages = new[] { new { role = "user", content = "hi" } } });
        var alias = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("smart"));
        claude.Behavior = FakeBehavior.ServerError;
        var failed = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("claude-big"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadGateway],
            new[] { plain, streamed, messages, alias, failed }.Select(r => r.StatusCode));
        var requestIds = new[] { plain, streamed, messages, alias, failed }.Select(r => r.Headers.GetValues("X-Request-Id").Single()).ToList();

        // Refused before going upstream: unknown model, bad body; then the day's fifth request, and a sixth over quota.
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("no-such-model"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/v1/chat/completions", token, new { model = "gpt-big" })).StatusCode);
        var last = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("gpt-big"));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        requestIds.Add(last.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("gpt-big"))).StatusCode);

        // Rows are written in order by one recorder: once the last call's row is there, every earlier one is.
        await Processes.WaitUntilAsync(async () => (await UsageAsync(token, "")).Items.Any(i => i.RequestId == requestIds[^1]),
            TimeSpan.FromSeconds(20), "the last call's usage row");
        var page = await UsageAsync(token, "");
        Assert.Equal(requestIds.AsEnumerable().Reverse(), page.Items.Select(i => i.RequestId));

        var rows = page.Items.ToDictionary(i => i.RequestId);
        var first = rows[requestIds[0]];
        Assert.Equal(("gpt-big", "gpt-big", "gpt", "ok", "chat.completions", false), (first.ModelRequested, first.Model, first.Provider, first.Status, first.Endpoint, first.Streamed));
        Assert.Equal((FakeProvider.InputTokens, FakeProvider.OutputTokens, CallCost), (first.InputTokens, first.OutputTokens, first.CostMicroUsd));
        Assert.True(rows[requestIds[1]].Streamed);
        Assert.NotNull(rows[requestIds[1]].TimeToFirstTokenMs);
        Assert.Equal(("messages", "claude"), (rows[requestIds[2]].Endpoint, rows[requestIds[2]].Provider));
        Assert.Equal(("smart", "claude-big", "claude", CallCost), (rows[requestIds[3]].ModelRequested, rows[requestIds[3]].Model, rows[requestIds[3]].Provider, rows[requestIds[3]].CostMicroUsd));
        Assert.Equal(("failed", 0L, 0L), (rows[requestIds[4]].Status, rows[requestIds[4]].OutputTokens, rows[requestIds[4]].CostMicroUsd));

        // Today's total is the sum of the rows, and the money matches what the quota charged.
        var today = Assert.Single(page.Daily);
        Assert.Equal((6L, page.Items.Sum(i => i.InputTokens), page.Items.Sum(i => i.OutputTokens), 5 * CallCost),
            (today.Calls, today.InputTokens, today.OutputTokens, today.CostMicroUsd));
        Assert.Equal(5 * CallCost, (await _http.QuotaUsedAsync(token))["ai_spend"]);

        // The same calls as GenAI metrics, with second-scale buckets, per model and provider.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("gen_ai_client_operation_duration_seconds_bucket", metrics);
        Assert.Contains("le=\"0.01\"", metrics);
        Assert.Matches("gen_ai_client_token_usage_bucket\\{[^}]*gen_ai_response_model=\"claude-big\"", metrics);
        Assert.Matches("gen_ai_client_token_usage_bucket\\{[^}]*gen_ai_token_type=\"output\"", metrics);
        Assert.Matches("pa_ai_provider_duration_seconds_bucket\\{[^}]*le=\"0.05\"", metrics);
    }

    [Fact]
    public async Task Listings_PageByCursor_FilterByTime_AndAdminsFilterByUserAndModel()
    {
        await using var gpt = await FakeProvider.StartAsync("gpt", AiProtocol.OpenAi);
        await using var claude = await FakeProvider.StartAsync("claude", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", Prices, new ProviderSetup(gpt, ["gpt-big"]), new ProviderSetup(claude, ["claude-big"]));
        var http = gateway.CreateClient();
        var (alice, aliceId) = await UserAsync(new { requestsPerMinute = 100_000 });
        var (bob, bobId) = await UserAsync(new { requestsPerMinute = 100_000 });
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/chat/completions", alice, AiTestClient.ChatBody(i % 2 == 0 ? "gpt-big" : "claude-big"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/chat/completions", bob, AiTestClient.ChatBody("gpt-big"))).StatusCode);
        await Processes.WaitUntilAsync(async () => (await UsageAsync(alice, "")).Items.Count == 5 && (await UsageAsync(bob, "")).Items.Count == 1,
            TimeSpan.FromSeconds(20), "both users' rows");

        // Two at a time: every row once, newest first, and the last page says there is no more.
        var seen = new List<UsageItem>();
        string? cursor = null;
        do
        {
            var page = await UsageAsync(alice, $"?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            Assert.InRange(page.Items.Count, 1, 2);
            Assert.Equal(5, page.Daily.Single().Calls);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(5, seen.Select(i => i.RequestId).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(i => i.Time).Select(i => i.RequestId), seen.Select(i => i.RequestId));
        Assert.All(seen, i => Assert.Equal(aliceId, i.UserId));

        // A range after the calls holds nothing; one around them holds all.
        var later = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        Assert.Empty((await UsageAsync(alice, $"?from={later}")).Items);
        Assert.Empty((await UsageAsync(alice, $"?from={later}")).Daily);
        Assert.Equal(5, (await UsageAsync(alice, $"?to={later}")).Items.Count);

        // Administrators see everyone, by user and by the model that served.
        var admin = await cluster.AdminTokenAsync();
        var bobs = await UsageAsync(admin, $"?userId={bobId}", "/api/v1/admin/ai/usage");
        Assert.Equal(bobId, Assert.Single(bobs.Items).UserId);
        var claudes = await UsageAsync(admin, $"?userId={aliceId}&model=claude-big", "/api/v1/admin/ai/usage");
        Assert.Equal(2, claudes.Items.Count);
        Assert.All(claudes.Items, i => Assert.Equal("claude-big", i.Model));
        Assert.Equal(2 * CallCost, claudes.Daily.Single().CostMicroUsd);

        // Everyone else is refused, and bad filters are 400 with a stable code.
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/usage", alice)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync("/api/v1/me/ai/usage")).StatusCode);
        foreach (var (query, code) in new[]
        {
            ("?cursor=garbage", "invalid_cursor"), ("?limit=0", "validation_failed"), ("?limit=201", "validation_failed"),
            ("?from=yesterday", "validation_failed"), ($"?from={later}&to={later}", "validation_failed"),
        })
        {
            var response = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/ai/usage" + query, alice);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var badUser = await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/usage?userId=not-a-uuid", admin);
        Assert.Equal(HttpStatusCode.BadRequest, badUser.StatusCode);
    }

    private async Task<(string Token, Guid UserId)> UserAsync(object limits)
    {
        var email = ApiClient.NewEmail("usage");
        var id = await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "professional", limits: limits);
        return ((await _http.LoginAsync(email)).AccessToken, id);
    }

    private async Task<UsagePage> UsageAsync(string token, string query, string path = "/api/v1/me/ai/usage")
    {
        var response = await _http.SendAuthorizedAsync(HttpMethod.Get, path + query, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UsagePage>())!;
    }

    private sealed record UsagePage(List<UsageItem> Items, string? NextCursor, List<UsageDay> Daily);

    private sealed record UsageDay(string Date, long Calls, long InputTokens, long OutputTokens, long CostMicroUsd);

    private sealed record UsageItem(
        string RequestId, DateTimeOffset Time, string? Model, string? Provider, long InputTokens, long OutputTokens, long CostMicroUsd,
        int LatencyMs, string Status, Guid UserId, string? ApiKeyId, string ModelRequested, string Endpoint, long CachedInputTokens,
        int? TimeToFirstTokenMs, bool Streamed);
}
