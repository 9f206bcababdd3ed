using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// The budget race of issue 14 across processes: two silo processes and two gateway processes, 50 concurrent priced
/// calls against what remains of a user's <c>ai_spend</c> for exactly 10 of them. Exactly 10 are served, and the
/// day's spend ends at the budget, never past it.
/// </summary>
public sealed class AiBudgetAcrossProcessesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FiftyConcurrentCalls_TwoGatewaysTwoSilos_BudgetForTen_ServeTenAndSpendTheBudget()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var cluster = await ProcessCluster.CreateAsync();
        await cluster.StartSiloAsync("silo-a");
        await cluster.StartSiloAsync("silo-b");
        await cluster.WaitForActiveSilosAsync(2);
        string[] ai = ["--Ai:Routing:ProbeInterval=00:00:00", "--Ai:Prices:race:OutputPerMillion=1000", .. AiClusterFixture.ProviderArguments(new ProviderSetup(fake, ["race"]))];
        var gateways = new[] { await cluster.StartGatewayAsync("gateway-a", ai), await cluster.StartGatewayAsync("gateway-b", ai) };

        var (_, user) = await gateways[0].RegisterAndLoginAsync(ApiClient.NewEmail("race"));
        var token = user.AccessToken;

        // Community allows 500,000 micro-USD a day; spend all but what ten calls of 7,000 cost (input free, 7 tokens out at 1,000 per million).
        const long perCall = FakeProvider.OutputTokens * 1_000;
        var spent = await gateways[1].SendAuthorizedAsync(HttpMethod.Post, "/api/v1/me/quota/consume", token, new { kind = "ai_spend", cost = 500_000 - 10 * perCall });
        Assert.Equal(HttpStatusCode.OK, spent.StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => gateways[i % 2].PostAsync("/v1/chat/completions", token, new
        {
            model = "race", max_tokens = FakeProvider.OutputTokens, messages = new[] { new { role = "user", content = "hi" } },
        })));

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}")));
        if (statuses.GetValueOrDefault(HttpStatusCode.OK) != 10)
        {
            output.WriteLine(cluster.LogTails());
        }

        Assert.Equal(10, statuses.GetValueOrDefault(HttpStatusCode.OK));
        Assert.Equal(40, statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests));
        Assert.Equal(10, fake.Calls);
        await Processes.WaitUntilAsync(async () => await SpendAsync(gateways[1], token) == 500_000, TimeSpan.FromSeconds(20),
            "the ten served calls to settle at exactly the day's budget");
    }

    private static async Task<long> SpendAsync(HttpClient http, string token)
    {
        var usage = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
        return usage.EnumerateArray().Single(u => u.GetProperty("kind").GetString() == "ai_spend").GetProperty("used").GetInt64();
    }
}
