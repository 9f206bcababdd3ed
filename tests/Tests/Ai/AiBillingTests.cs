using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// Nothing paid for is free, and no budget is overspent: a streamed answer is charged once any of it was delivered,
/// whatever the caller does next (issue 11, item 1), and a call's token bound is reserved before it runs, so
/// concurrent calls cannot together pass the day's <c>ai_tokens</c> (item 6).
/// </summary>
public sealed class AiBillingTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Theory]
    [InlineData(AiProtocol.OpenAi, "/v1/chat/completions")]
    [InlineData(AiProtocol.Anthropic, "/v1/messages")]
    public async Task StreamedAnswer_CallerHangsUpAfterTheFirstWord_IsStillCharged(AiProtocol protocol, string path)
    {
        await using var fake = await FakeProvider.StartAsync("held", protocol);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["m"]));
        var token = await TokenAsync(new { aiRequestsPerDay = 10, requestsPerMinute = 100_000 });
        fake.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using (var http = gateway.CreateClient())
        {
            using var response = await http.PostAsync(path, token, new
            {
                model = "m", max_tokens = 100, stream = true, messages = new[] { new { role = "user", content = "hi" } },
            }, stream: true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(body);
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null && !line.Contains("Hello", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line); // The first word arrived; now the caller hangs up mid-answer.
        }

        await Processes.WaitUntilAsync(() => Task.FromResult(fake.CancelledStreams == 1), TimeSpan.FromSeconds(10),
            "the gateway to cancel the upstream stream after the caller left");
        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_tokens"] < 100, TimeSpan.FromSeconds(10),
            "the call's reservation to be settled");

        var usage = await UsageAsync(token);
        Assert.Equal(1, usage["ai_requests"]);
        Assert.InRange(usage["ai_tokens"], 1, 99);
    }

    [Fact]
    public async Task StreamedAnswer_CallerHangsUpBeforeAnyWord_IsRefunded()
    {
        await using var fake = await FakeProvider.StartAsync("slow", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["m"]));
        var token = await TokenAsync(new { aiRequestsPerDay = 10, requestsPerMinute = 100_000 });
        fake.Behavior = FakeBehavior.Slow;
        fake.Delay = TimeSpan.FromSeconds(30);

        using (var http = gateway.CreateClient())
        {
            var call = http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("m", stream: true), stream: true);
            await Processes.WaitUntilAsync(() => Task.FromResult(fake.Calls == 1), TimeSpan.FromSeconds(10), "the call to reach the provider");
            http.CancelPendingRequests();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        // Both units come back, one after the other: wait for the pair, never for one of them.
        await Processes.WaitUntilAsync(async () => await UsageAsync(token) is { } usage && usage["ai_requests"] == 0 && usage["ai_tokens"] == 0,
            TimeSpan.FromSeconds(10), "the undelivered call's request and tokens to be refunded");
    }

    [Fact]
    public async Task ConcurrentChats_NeverSpendPastTheDaysTokens()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["m"]));
        const long day = 40;
        var token = await TokenAsync(new { aiRequestsPerDay = 100, aiTokensPerDay = day, requestsPerMinute = 100_000 });
        var http = gateway.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => http.PostAsync("/v1/chat/completions", token, new
        {
            model = "m", max_tokens = 8, messages = new[] { new { role = "user", content = "hi" } },
        })));

        var served = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(served, 1, 2);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("quota_exceeded", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        }

        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_tokens"] == served * (FakeProvider.InputTokens + FakeProvider.OutputTokens),
            TimeSpan.FromSeconds(10), "the served calls' reservations to be trued up to their usage");
        Assert.True((await UsageAsync(token))["ai_tokens"] <= day);
        Assert.Equal(served, fake.Calls);
    }

    [Fact]
    public async Task Chat_WithoutMaxTokens_IsHeldToTheReservedBound()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["m"]));
        var token = await TokenAsync(new { aiRequestsPerDay = 100, requestsPerMinute = 100_000 });

        await gateway.CreateClient().ChatAsync(token, "m");

        Assert.Equal(PowerAutomation.Ai.Chat.TokenBound.DefaultMaxOutputTokens, fake.LastBody!["max_tokens"]!.GetValue<int>());
    }

    private async Task<string> TokenAsync(object limits)
    {
        var email = ApiClient.NewEmail("billing");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: limits);
        return (await _http.LoginAsync(email)).AccessToken;
    }

    private Task<Dictionary<string, long>> UsageAsync(string token) => _http.QuotaUsedAsync(token);
}
