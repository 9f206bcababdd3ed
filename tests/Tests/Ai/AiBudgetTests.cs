using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Identity;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// Money budgets (issue 14, item 3): every call is priced from <c>Ai:Prices</c> in micro-USD, reserved at its dearest
/// cost before it goes upstream and settled to what it cost, so concurrent calls never spend past <c>ai_spend</c>.
/// Prices here: input 3, cached input 1, output 1,000 USD per million tokens, so the fake's answer (11 in, 7 out)
/// costs 33 + 7,000 = 7,033 micro-USD.
/// </summary>
public sealed class AiBudgetTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private const long CallCost = FakeProvider.InputTokens * 3 + FakeProvider.OutputTokens * 1_000;

    private static readonly string[] Prices =
    [
        "--Ai:Prices:priced:InputPerMillion=3", "--Ai:Prices:priced:OutputPerMillion=1000", "--Ai:Prices:priced:CachedInputPerMillion=1",
        "--Ai:Prices:dear:InputPerMillion=30", "--Ai:Prices:dear:OutputPerMillion=10000",
    ];

    private readonly HttpClient _http = cluster.CreateClient();

    [Theory]
    [InlineData(AiProtocol.OpenAi, "/v1/chat/completions", false)]
    [InlineData(AiProtocol.Anthropic, "/v1/messages", true)]
    public async Task PricedCall_IsChargedItsCostInMicroUsd(AiProtocol protocol, string path, bool stream)
    {
        await using var fake = await FakeProvider.StartAsync("p", protocol);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", Prices, new ProviderSetup(fake, ["priced"]));
        var token = await TokenAsync(new { aiSpendPerDay = 1_000_000 });

        var response = await gateway.CreateClient().PostAsync(path, token, new
        {
            model = "priced", max_tokens = 100, stream, messages = new[] { new { role = "user", content = "hi" } },
        });
        await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_spend"] == CallCost, TimeSpan.FromSeconds(10),
            "the call's reservation to be settled to its cost");
        Assert.Equal(1, (await UsageAsync(token))["ai_requests"]);
    }

    [Fact]
    public async Task Call_ThatCouldCostMoreThanWhatRemains_IsRefusedBeforeGoingUpstream()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", Prices, new ProviderSetup(fake, ["priced"]));
        var token = await TokenAsync(new { aiSpendPerDay = 50_000 });

        // 100 output tokens at 1,000 USD per million may cost 100,000 micro-USD: more than the day's 50,000.
        var response = await gateway.CreateClient().PostAsync("/v1/chat/completions", token, new
        {
            model = "priced", max_tokens = 100, messages = new[] { new { role = "user", content = "hi" } },
        });
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("quota_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("ai_spend", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
        var usage = await UsageAsync(token);
        Assert.Equal(0, usage["ai_spend"]);
        Assert.Equal(0, usage["ai_requests"]);
    }

    [Fact]
    public async Task Alias_IsReservedAtItsDearestTarget_AndChargedAtTheOneThatServed()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", [.. Prices, "--Ai:Models:any:Targets:0=priced", "--Ai:Models:any:Targets:1=dear"],
            new ProviderSetup(fake, ["priced", "dear"]));

        // The dear target could cost 10 × 10,000 = 100,000 for its output alone: over a 90,000 budget, though the priced one would fit.
        var poor = await TokenAsync(new { aiSpendPerDay = 90_000 });
        var refused = await gateway.CreateClient().PostAsync("/v1/chat/completions", poor, new
        {
            model = "any", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } },
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        var rich = await TokenAsync(new { aiSpendPerDay = 1_000_000 });
        var served = await gateway.CreateClient().PostAsync("/v1/chat/completions", rich, new
        {
            model = "any", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } },
        });
        Assert.Equal("priced", served.Headers.GetValues("X-PA-Model").Single());
        await Processes.WaitUntilAsync(async () => (await UsageAsync(rich))["ai_spend"] == CallCost, TimeSpan.FromSeconds(10),
            "the alias call to be charged at the served target's price");
    }

    [Fact]
    public async Task FiftyConcurrentCalls_AcrossTwoGateways_WithABudgetForTen_SpendExactlyTheBudget()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var one = await cluster.StartAiGatewayAsync("priority", ["--Ai:Prices:race:OutputPerMillion=1000"], new ProviderSetup(fake, ["race"]));
        await using var two = await cluster.StartAiGatewayAsync("priority", ["--Ai:Prices:race:OutputPerMillion=1000"], new ProviderSetup(fake, ["race"]));

        // Input is free and max_tokens is what the fake answers with, so each call reserves exactly what it then costs: 7,000.
        const long perCall = FakeProvider.OutputTokens * 1_000;
        var token = await TokenAsync(new { aiSpendPerDay = 10 * perCall });
        var clients = new[] { one.CreateClient(), two.CreateClient() };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => clients[i % 2].PostAsync("/v1/chat/completions", token, new
        {
            model = "race", max_tokens = FakeProvider.OutputTokens, messages = new[] { new { role = "user", content = "hi" } },
        })));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(10, fake.Calls);
        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_requests"] == 10, TimeSpan.FromSeconds(10), "the served calls to settle");
        Assert.Equal(10 * perCall, (await UsageAsync(token))["ai_spend"]);
    }

    [Fact]
    public async Task ApiKey_WithItsOwnSpendLimit_StopsAtIt_WhileTheUserAndOtherKeysGoOn()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", ["--Ai:Prices:race:OutputPerMillion=1000"], new ProviderSetup(fake, ["race"]));
        const long perCall = FakeProvider.OutputTokens * 1_000;
        var token = await TokenAsync(new { aiSpendPerDay = 100 * perCall });
        var capped = await _http.CreateApiKeyAsync(token, new { name = "ci bot", scopes = new[] { "ai" }, limits = new { aiSpendPerDay = 2 * perCall } });
        var free = await _http.CreateApiKeyAsync(token, new { name = "editor", scopes = new[] { "ai" } });
        var http = gateway.CreateClient();
        object Body() => new { model = "race", max_tokens = FakeProvider.OutputTokens, messages = new[] { new { role = "user", content = "hi" } } };

        var byCapped = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            byCapped.Add((await http.PostAsync("/v1/chat/completions", capped.ApiKey, Body())).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], byCapped);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/chat/completions", free.ApiKey, Body())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/chat/completions", token, Body())).StatusCode);
        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_spend"] == 4 * perCall, TimeSpan.FromSeconds(10),
            "the user's spend to count every key's calls");
    }

    private async Task<string> TokenAsync(object limits)
    {
        var email = ApiClient.NewEmail("budget");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: limits);
        return (await _http.LoginAsync(email)).AccessToken;
    }

    private Task<Dictionary<string, long>> UsageAsync(string token) => _http.QuotaUsedAsync(token);
}
