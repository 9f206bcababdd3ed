using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// The endpoints editor tools call beyond chat (issue 14, item 1) and the router's wave-2 choices (item 2): legacy
/// completions passed through or translated, token counting exact or estimated, single models, aliases with
/// fallbacks, task routes, Retry-After, and Anthropic's headers passed on.
/// </summary>
public sealed class AiPlatformTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Completions_ToAnOpenAiCompatibleServer_PassThroughAsSent()
    {
        await using var fake = await FakeProvider.StartAsync("vllm", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["coder"]));
        var token = await TokenAsync();

        var response = await gateway.CreateClient().PostAsync("/v1/completions", token, new { model = "coder", prompt = "def add(a, b):", suffix = "\n", max_tokens = 32 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("/v1/completions", fake.LastPath);
        Assert.Equal("def add(a, b):", fake.LastBody!["prompt"]!.GetValue<string>());
        Assert.Equal("\n", fake.LastBody["suffix"]!.GetValue<string>());
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        Assert.Equal("Hello from vllm", body.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal(FakeProvider.InputTokens, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
    }

    [Fact]
    public async Task Completions_ToAnAnthropicProvider_AreTranslatedBothWays_StreamedAndNot()
    {
        await using var fake = await FakeProvider.StartAsync("claude", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["haiku"]));
        var token = await TokenAsync();
        var http = gateway.CreateClient();

        var answer = await (await http.PostAsync("/v1/completions", token, new { model = "haiku", prompt = "The sky is" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/v1/messages", fake.LastPath);
        Assert.Equal(16, fake.LastBody!["max_tokens"]!.GetValue<int>()); // OpenAI's default for completions.
        Assert.Contains("completion engine", fake.LastBody["system"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Hello from claude", answer.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("stop", answer.GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        using var streamed = await http.PostAsync("/v1/completions", token, new { model = "haiku", prompt = "The sky is", stream = true }, stream: true);
        var chunks = AiTestClient.DataLines(await streamed.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", chunks[^1]);
        var texts = chunks.SkipLast(1).Select(c => JsonDocument.Parse(c).RootElement).Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("Hello from claude", string.Concat(texts));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal("text_completion", JsonDocument.Parse(c).RootElement.GetProperty("object").GetString()));
    }

    [Theory]
    [InlineData("""{"model":"coder","prompt":["a","b"]}""", "one string")]
    [InlineData("""{"model":"coder","prompt":"x","n":2}""", "one choice")]
    [InlineData("""{"model":"coder","prompt":"x","echo":true}""", "echo")]
    [InlineData("""{"model":"coder","prompt":"x","max_tokens":"5"}""", "max_tokens")]
    [InlineData("""{"model":"coder"}""", "prompt")]
    public async Task Completions_BadBodies_Are400AndReachNoProvider(string body, string mentioned)
    {
        await using var fake = await FakeProvider.StartAsync("vllm", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["coder"]));
        var token = await TokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = AiTestClient.Raw(body) };
        request.Headers.Authorization = new("Bearer", token);

        var response = await gateway.CreateClient().SendAsync(request);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }

    [Fact]
    public async Task CountTokens_IsExactThroughAnAnthropicProvider_AndAnEstimateOtherwise()
    {
        await using var claude = await FakeProvider.StartAsync("claude", AiProtocol.Anthropic);
        await using var openai = await FakeProvider.StartAsync("gpt", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(claude, ["sonnet"]), new ProviderSetup(openai, ["gpt"]));
        var token = await TokenAsync();
        var http = gateway.CreateClient();
        var before = await UsageAsync(token);

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/count_tokens")
        {
            Content = JsonContent.Create(new { model = "sonnet", messages = new[] { new { role = "user", content = "Hello, Claude" } } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("anthropic-beta", "token-counting-2024-11-01");
        var exact = await http.SendAsync(request);
        Assert.Equal("exact", exact.Headers.GetValues("X-PA-Token-Count").Single());
        Assert.Equal(FakeProvider.CountedTokens, (await exact.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input_tokens").GetInt64());
        Assert.Equal("/v1/messages/count_tokens", claude.LastPath);
        Assert.Equal("token-counting-2024-11-01", claude.LastHeaders["anthropic-beta"]);
        Assert.False(claude.LastBody!.ContainsKey("max_tokens"));

        var estimate = await http.PostAsync("/v1/messages/count_tokens", token, new { model = "gpt", messages = new[] { new { role = "user", content = "Hello, Claude" } } });
        Assert.Equal("estimate", estimate.Headers.GetValues("X-PA-Token-Count").Single());
        Assert.InRange((await estimate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("input_tokens").GetInt64(), 5, 30);
        Assert.Equal(0, openai.Calls);

        // Counting is free.
        Assert.Equal(before["ai_requests"], (await UsageAsync(token))["ai_requests"]);
    }

    [Fact]
    public async Task AnthropicHeaders_OfTheCaller_ReachAnthropicProviders()
    {
        await using var claude = await FakeProvider.StartAsync("claude", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(claude, ["sonnet"]));
        var token = await TokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { model = "sonnet", max_tokens = 50, messages = new[] { new { role = "user", content = "hi" } } }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("anthropic-beta", "interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14");
        request.Headers.Add("anthropic-version", "2023-06-01");

        var response = await gateway.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14", claude.LastHeaders["anthropic-beta"]);
        Assert.Equal("2023-06-01", claude.LastHeaders["anthropic-version"]);
        Assert.Equal("upstream-secret", claude.LastHeaders["x-api-key"]);
    }

    [Fact]
    public async Task Alias_FallsBackAcrossItsTargets_AndTheAnswerSaysWhichServed()
    {
        await using var broken = await FakeProvider.StartAsync("broken", AiProtocol.OpenAi);
        await using var backup = await FakeProvider.StartAsync("backup", AiProtocol.Anthropic);
        broken.Behavior = FakeBehavior.ServerError;
        await using var gateway = await cluster.StartAiGatewayAsync("priority", ["--Ai:Models:smart:Targets:0=gpt-big", "--Ai:Models:smart:Targets:1=claude-big"],
            new ProviderSetup(broken, ["gpt-big"]), new ProviderSetup(backup, ["claude-big"]));
        var token = await TokenAsync();

        var response = await gateway.CreateClient().PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("smart"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("claude-big", body.GetProperty("model").GetString());
        Assert.Equal("claude-big", response.Headers.GetValues("X-PA-Model").Single());
        Assert.Equal("backup", response.Headers.GetValues("X-PA-Provider").Single());
        Assert.Equal("Hello from backup", body.Text());
        Assert.True(broken.Calls >= 1);
        Assert.Equal("claude-big", backup.LastBody!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskRoutes_ServeAuto_PerEdition_AndCompletionIsInferred()
    {
        await using var fast = await FakeProvider.StartAsync("fast", AiProtocol.OpenAi);
        await using var smart = await FakeProvider.StartAsync("smart", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority",
            ["--Ai:Routing:Tasks:completion:Default=small", "--Ai:Routing:Tasks:completion:Editions:team=large", "--Ai:Routing:Tasks:review:Default=large"],
            new ProviderSetup(fast, ["small"]), new ProviderSetup(smart, ["large"]));
        var professional = await TokenAsync();
        var team = await TokenAsync(edition: "team");
        var http = gateway.CreateClient();

        await http.PostAsync("/v1/completions", professional, new { model = "auto", prompt = "x" });
        Assert.Equal("small", fast.LastBody!["model"]!.GetValue<string>());
        await http.PostAsync("/v1/completions", team, new { model = "auto", prompt = "x" });
        Assert.Equal("large", smart.LastBody!["model"]!.GetValue<string>());

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(AiTestClient.ChatBody("auto")) };
        request.Headers.Authorization = new("Bearer", professional);
        request.Headers.Add("X-PA-Task", "review");
        var reviewed = await http.SendAsync(request);
        Assert.Equal("large", reviewed.Headers.GetValues("X-PA-Model").Single());

        // A chat with no route for its task says so.
        var unrouted = await http.PostAsync("/v1/chat/completions", professional, AiTestClient.ChatBody("auto"));
        Assert.Equal(HttpStatusCode.NotFound, unrouted.StatusCode);
        Assert.Contains("Ai:Routing:Tasks", await unrouted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryAfter_SendsTheCallElsewhere_AndKeepsTheProviderAlone()
    {
        await using var limited = await FakeProvider.StartAsync("limited", AiProtocol.OpenAi);
        await using var other = await FakeProvider.StartAsync("other", AiProtocol.OpenAi);
        limited.Behavior = FakeBehavior.RateLimited;
        limited.RetryAfterSeconds = 30;
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(limited, ["m"], Priority: 0), new ProviderSetup(other, ["m"], Priority: 1));
        var token = await TokenAsync();
        var http = gateway.CreateClient();

        var first = await http.ChatAsync(token, "m");
        var second = await http.ChatAsync(token, "m");

        Assert.Equal("Hello from other", first.Text());
        Assert.Equal("Hello from other", second.Text());
        Assert.Equal(1, limited.Calls); // Asked once, told to wait 30 s, left alone since.
        var providers = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/providers", await cluster.AdminTokenAsync()))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", providers.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limited").GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task RetryAfter_OfTheLastProvider_ReachesTheCaller()
    {
        await using var limited = await FakeProvider.StartAsync("limited", AiProtocol.OpenAi);
        limited.Behavior = FakeBehavior.RateLimited;
        limited.RetryAfterSeconds = 20;
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(limited, ["m"]));
        var token = await TokenAsync();

        var response = await gateway.CreateClient().PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("m"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 19, 20);
        Assert.Equal(1, limited.Calls); // Not retried inside the call: 20 s is longer than the gateway waits.
        Assert.Equal(0, (await UsageAsync(token))["ai_requests"]);
    }

    [Fact]
    public async Task Models_ListChatModelsAndAliasesApartFromEmbeddings_AndOneCanBeRead()
    {
        await using var fake = await FakeProvider.StartAsync("gpt", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", ["--Ai:Models:best:Targets:0=gpt-4o"], new ProviderSetup(fake, ["gpt-4o"]));
        var token = await TokenAsync();
        var http = gateway.CreateClient();

        var list = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", token)).Content.ReadFromJsonAsync<JsonElement>();
        var models = list.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal("gpt", models["gpt-4o"].GetProperty("owned_by").GetString());
        Assert.Equal("chat", models["gpt-4o"].GetProperty("capabilities")[0].GetString());
        Assert.Equal("gpt-4o", models["best"].GetProperty("targets")[0].GetString());
        Assert.Equal("embeddings", models["all-minilm-l6-v2"].GetProperty("capabilities")[0].GetString());
        Assert.Equal("all-minilm-l6-v2", list.GetProperty("data").EnumerateArray().Last().GetProperty("id").GetString());

        var one = await http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models/best", token);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("model", (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("object").GetString());
        var missing = await http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models/nope", token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("model_not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    private async Task<string> TokenAsync(string? edition = null)
    {
        var email = ApiClient.NewEmail("platform");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: edition ?? "professional", limits: new { aiRequestsPerDay = 1000, requestsPerMinute = 100_000 });
        return (await _http.LoginAsync(email)).AccessToken;
    }

    private Task<Dictionary<string, long>> UsageAsync(string token) => _http.QuotaUsedAsync(token);
}
