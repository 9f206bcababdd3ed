using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// The official Node SDKs (<c>tests/ai-sdks</c>: <c>openai</c>, <c>@anthropic-ai/sdk</c>) as clients of the gateway
/// by base URL alone: legacy completions as Continue's autocomplete sends them (the .NET SDK has no Completions), Responses,
/// and messages with <c>anthropic-beta</c>, streaming and <c>count_tokens</c> as Claude Code sends them.
/// </summary>
public sealed class NodeSdkTests(AiClusterFixture cluster, ITestOutputHelper output) : IClassFixture<AiClusterFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task OpenAiCompletions_AndAnthropicMessagesAndCountTokens_ThroughTheNodeSdks()
    {
        await using var vllm = await FakeProvider.StartAsync("vllm", AiProtocol.OpenAi);
        await using var claude = await FakeProvider.StartAsync("claude", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(vllm, ["coder"]), new ProviderSetup(claude, ["sonnet"]));
        using var http = cluster.CreateClient();
        var email = ApiClient.NewEmail("sdk");
        await http.RegisterAsync(email);
        await http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "professional", limits: new { requestsPerMinute = 100_000 });
        var token = (await http.LoginAsync(email)).AccessToken;

        var outcome = await NodeTests.RunTestFileAsync("tests/ai-sdks", "sdks.test.ts", new Dictionary<string, string>
        {
            ["PA_BASE_URL"] = gateway.Address.ToString().TrimEnd('/'),
            ["PA_TOKEN"] = token,
            ["PA_COMPLETION_MODEL"] = "coder",
            ["PA_CLAUDE_MODEL"] = "sonnet",
            ["NO_COLOR"] = "1",
        }, Limit);
        output.WriteLine(outcome.Output);
        NodeTests.AssertPassed(outcome, "tests/ai-sdks", "sdks.test.ts", Limit);

        // The Anthropic provider got Claude Code's beta header as it was sent.
        Assert.Contains("prompt-caching-2024-07-31", claude.AnthropicBetas);
    }
}
