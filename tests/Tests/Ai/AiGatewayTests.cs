using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Ai;

public sealed class AiGatewayTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task OpenAiSdk_CompletesAndStreams_ThroughTheGateway()
    {
        await using var fake = await FakeProvider.StartAsync("primary", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["gpt-test"]));
        var chat = OpenAiChat(gateway, await TokenAsync(), "gpt-test");

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("Hello from primary", completion.Content[0].Text);
        Assert.Equal(FakeProvider.InputTokens + FakeProvider.OutputTokens, completion.Usage.TotalTokenCount);

        var text = new StringBuilder();
        var updates = 0;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("Hello from primary", text.ToString());
        Assert.True(updates >= 3, $"{updates} updates: the stream came in one piece");
        Assert.True(fake.LastBody!["stream_options"]!["include_usage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnthropicSdk_IsServedByAnOpenAiProvider_AndByAnAnthropicProvider_StreamingAndNot()
    {
        await using var openAi = await FakeProvider.StartAsync("oa", AiProtocol.OpenAi);
        await using var anthropic = await FakeProvider.StartAsync("an", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority",
            new ProviderSetup(openAi, ["gpt-test"]), new ProviderSetup(anthropic, ["claude-test"]));
        var client = new AnthropicClient { ApiKey = await TokenAsync(), BaseUrl = gateway.Address.ToString().TrimEnd('/'), MaxRetries = 0 };

        foreach (var (model, provider) in new[] { ("gpt-test", "oa"), ("claude-test", "an") })
        {
            IChatClient chat = client.AsIChatClient(model);
            var response = await chat.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 100 });
            Assert.Equal($"Hello from {provider}", response.Text);
            Assert.Equal(FakeProvider.OutputTokens, response.Usage?.OutputTokenCount);

            var streamed = new StringBuilder();
            await foreach (var update in chat.GetStreamingResponseAsync("hi", new ChatOptions { MaxOutputTokens = 100 }))
            {
                streamed.Append(update.Text);
            }

            Assert.Equal($"Hello from {provider}", streamed.ToString());
        }

        // The OpenAI provider got a translated request: Anthropic's max_tokens became OpenAI's.
        Assert.Equal(100, openAi.LastBody!["max_tokens"]!.GetValue<int>());
        Assert.Equal("user", openAi.LastBody["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task ToolCalls_TranslateBetweenFormats_StreamingAndNot()
    {
        await using var anthropic = await FakeProvider.StartAsync("an", AiProtocol.Anthropic);
        await using var gemini = await FakeProvider.StartAsync("gm", AiProtocol.Gemini);
        await using var gateway = await cluster.StartAiGatewayAsync("priority",
            new ProviderSetup(anthropic, ["claude-test"]), new ProviderSetup(gemini, ["gemini-test"]));
        var http = gateway.CreateClient();
        var token = await TokenAsync();
        var tools = new[] { new { type = "function", function = new { name = "get_weather", description = "Weather now", parameters = new { type = "object", properties = new { city = new { type = "string" } } } } } };

        foreach (var model in new[] { "claude-test", "gemini-test" })
        {
            var completion = await (await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody(model, tools: tools))).Content.ReadFromJsonAsync<JsonElement>();
            var choice = completion.GetProperty("choices")[0];
            Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
            var call = choice.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function");
            Assert.Equal("get_weather", call.GetProperty("name").GetString());
            Assert.Equal("Paris", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        }

        Assert.Equal("object", anthropic.LastBody!["tools"]![0]!["input_schema"]!["type"]!.GetValue<string>());
        Assert.Equal("get_weather", gemini.LastBody!["tools"]![0]!["functionDeclarations"]![0]!["name"]!.GetValue<string>());

        // Streamed: Anthropic's input_json_delta fragments arrive as OpenAI tool_call argument fragments.
        var stream = await (await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("claude-test", stream: true, tools: tools), stream: true)).Content.ReadAsStringAsync();
        var chunks = AiTestClient.DataLines(stream).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement).ToList();
        var arguments = string.Concat(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Where(c => c.GetProperty("delta").TryGetProperty("tool_calls", out _))
            .Select(c => c.GetProperty("delta").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()));
        Assert.Equal("{\"city\":\"Paris\"}", arguments);
        Assert.Contains(chunks, c => c.GetProperty("choices").EnumerateArray().Any(x => x.GetProperty("finish_reason").GetString() == "tool_calls"));
        Assert.Equal("[DONE]", AiTestClient.DataLines(stream)[^1]);

        // A tool result in Anthropic's format reaches Gemini as a functionResponse named after the call.
        var followUp = new
        {
            model = "gemini-test", max_tokens = 50,
            messages = new object[]
            {
                new { role = "user", content = "weather in Paris?" },
                new { role = "assistant", content = new object[] { new { type = "tool_use", id = "toolu_9", name = "get_weather", input = new { city = "Paris" } } } },
                new { role = "user", content = new object[] { new { type = "tool_result", tool_use_id = "toolu_9", content = "sunny" } } },
            },
        };
        var answer = await (await http.PostAsync("/v1/messages", token, followUp)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Hello from gm", answer.GetProperty("content")[0].GetProperty("text").GetString());
        var response = gemini.LastBody!["contents"]![2]!["parts"]![0]!["functionResponse"]!;
        Assert.Equal("get_weather", response["name"]!.GetValue<string>());
        Assert.Equal("sunny", response["response"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fallback_On500_OnTimeout_AndOnRefusedConnection_ServesFromTheNextProvider()
    {
        await using var first = await FakeProvider.StartAsync("first", AiProtocol.OpenAi);
        await using var second = await FakeProvider.StartAsync("second", AiProtocol.Anthropic);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", clock,
            new ProviderSetup(first, ["m"], Priority: 0, Timeout: TimeSpan.FromSeconds(1)), new ProviderSetup(second, ["m"], Priority: 1));
        var http = gateway.CreateClient();
        var token = await TokenAsync();

        first.Behavior = FakeBehavior.ServerError;
        Assert.Equal("Hello from second", (await http.ChatAsync(token, "m")).Text());
        Assert.Equal(1, first.Calls);

        clock.Advance(TimeSpan.FromSeconds(1.1)); // Let a possibly open circuit half-open again.
        first.Behavior = FakeBehavior.Slow;
        Assert.Equal("Hello from second", (await http.ChatAsync(token, "m")).Text());

        clock.Advance(TimeSpan.FromSeconds(1.1));
        await first.StopAsync();
        Assert.Equal("Hello from second", (await http.ChatAsync(token, "m")).Text());
    }

    [Fact]
    public async Task Circuit_OpensAfterFailures_ThenLetsOneTrialThrough_AndCloses()
    {
        await using var first = await FakeProvider.StartAsync("first", AiProtocol.OpenAi);
        await using var second = await FakeProvider.StartAsync("second", AiProtocol.OpenAi);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", clock,
            new ProviderSetup(first, ["m"], Priority: 0), new ProviderSetup(second, ["m"], Priority: 1));
        var http = gateway.CreateClient();
        var token = await TokenAsync();

        first.Behavior = FakeBehavior.ServerError;
        await http.ChatAsync(token, "m");
        await http.ChatAsync(token, "m");
        Assert.Equal(2, first.Calls);
        Assert.Equal("open", (await ProviderAsync(gateway, "first")).GetProperty("circuit").GetString());

        // Open: the broken provider is not even tried.
        Assert.Equal("Hello from second", (await http.ChatAsync(token, "m")).Text());
        Assert.Equal(2, first.Calls);

        // After the break, one trial goes to it; it works again, so the circuit closes and it is preferred again.
        first.Behavior = FakeBehavior.Answer;
        clock.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal("half-open", (await ProviderAsync(gateway, "first")).GetProperty("circuit").GetString());
        Assert.Equal("Hello from first", (await http.ChatAsync(token, "m")).Text());
        Assert.Equal("closed", (await ProviderAsync(gateway, "first")).GetProperty("circuit").GetString());
        Assert.Equal("Hello from first", (await http.ChatAsync(token, "m")).Text());
    }

    [Fact]
    public async Task KillingTheFirstProvider_MovesOpenAiSdkStreamsToTheSecond_WithNoFailedCalls()
    {
        await using var first = await FakeProvider.StartAsync("first", AiProtocol.OpenAi);
        await using var second = await FakeProvider.StartAsync("second", AiProtocol.OpenAi);
        // The circuit stays open far longer than the test runs, so however slowly the calls go it cannot turn half-open.
        await using var gateway = await cluster.StartAiGatewayAsync("priority", TimeSpan.FromMinutes(10),
            new ProviderSetup(first, ["gpt-test"], Priority: 0), new ProviderSetup(second, ["gpt-test"], Priority: 1));
        var chat = OpenAiChat(gateway, await TokenAsync(), "gpt-test");

        var servedBy = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            if (i == 4)
            {
                await first.StopAsync();
            }

            var text = new StringBuilder();
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
            {
                text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            }

            servedBy.Add(text.ToString());
        }

        Assert.All(servedBy.Take(4), t => Assert.Equal("Hello from first", t));
        Assert.All(servedBy.Skip(4), t => Assert.Equal("Hello from second", t));
        Assert.Equal("open", (await ProviderAsync(gateway, "first")).GetProperty("circuit").GetString());
    }

    [Fact]
    public async Task Strategies_PriorityWeightedLeastBusyAndLowestLatency_ChooseAsConfigured()
    {
        await using var a = await FakeProvider.StartAsync("a", AiProtocol.OpenAi);
        await using var b = await FakeProvider.StartAsync("b", AiProtocol.OpenAi);
        var token = await TokenAsync(aiRequestsPerDay: 1000);

        await using (var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(a, ["m"], Priority: 5), new ProviderSetup(b, ["m"], Priority: 1)))
        {
            var http = gateway.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("Hello from b", (await http.ChatAsync(token, "m")).Text());
            }
        }

        await using (var gateway = await cluster.StartAiGatewayAsync("weighted", new ProviderSetup(a, ["m"], Weight: 3), new ProviderSetup(b, ["m"], Weight: 1)))
        {
            var http = gateway.CreateClient();
            var fromA = 0;
            for (var i = 0; i < 120; i++)
            {
                fromA += (await http.ChatAsync(token, "m")).Text() == "Hello from a" ? 1 : 0;
            }

            Assert.InRange(fromA, 72, 108); // 3:1 → 90 expected.
        }

        await using (var gateway = await cluster.StartAiGatewayAsync("least-busy", new ProviderSetup(a, ["m"]), new ProviderSetup(b, ["m"])))
        {
            var http = gateway.CreateClient();
            a.Behavior = FakeBehavior.Slow;
            a.Delay = TimeSpan.FromMilliseconds(800); // well under the attempt timeout
            var callsBefore = a.Calls;
            var slow = http.ChatAsync(token, "m"); // Goes to a (tie broken by order) and stays in flight.
            await Processes.WaitUntilAsync(() => Task.FromResult(a.Calls > callsBefore), TimeSpan.FromSeconds(10), "the slow call to reach a");
            Assert.Equal("Hello from b", (await http.ChatAsync(token, "m")).Text());
            Assert.Equal("Hello from a", (await slow).Text());
        }

        await using (var gateway = await cluster.StartAiGatewayAsync("lowest-latency", new ProviderSetup(a, ["m"]), new ProviderSetup(b, ["m"])))
        {
            var http = gateway.CreateClient();
            a.Delay = TimeSpan.FromMilliseconds(500);
            await http.ChatAsync(token, "m"); // a first (no figures yet), and slow.
            var served = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                served.Add((await http.ChatAsync(token, "m")).Text());
            }

            Assert.All(served, s => Assert.Equal("Hello from b", s));
            a.Behavior = FakeBehavior.Answer;
        }
    }

    [Fact]
    public async Task Editions_GateModels_AndUnknownModelsAre404_InEachProtocolsShape()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority",
            new ProviderSetup(fake, ["gpt-test"]), new ProviderSetup(await FakeProvider.StartAsync("e", AiProtocol.OpenAi), ["gpt-enterprise"], ["enterprise"]));
        var http = gateway.CreateClient();
        var token = await TokenAsync();

        var models = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/v1/models", token)).Content.ReadFromJsonAsync<JsonElement>();
        var ids = models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        // The enterprise model is hidden; the cluster's own embeddings model is there for every edition.
        Assert.Equal(["gpt-test", "all-minilm-l6-v2"], ids);

        var refused = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("gpt-enterprise"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("model_not_allowed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());

        var unknown = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("no-such-model"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("model_not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());

        var anthropic = await http.PostAsync("/v1/messages", token, new { model = "no-such-model", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } });
        var error = await anthropic.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NotFound, anthropic.StatusCode);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("not_found_error", error.GetProperty("error").GetProperty("type").GetString());

        // The official SDK sees a 404 as its own error type.
        var sdkError = await Assert.ThrowsAsync<ClientResultException>(() => OpenAiChat(gateway, token, "no-such-model").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, sdkError.Status);
    }

    [Fact]
    public async Task Quotas_ChargeRequestsAndReportedTokens_RefundFailedCalls_AndRefuseWith429InTheProtocolsShape()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        // One provider, so the router backs off between retries on the real clock; its circuit breaks for a moment only.
        await using var gateway = await cluster.StartAiGatewayAsync("priority", TimeSpan.FromMilliseconds(1), new ProviderSetup(fake, ["m"]));
        var http = gateway.CreateClient();
        var email = ApiClient.NewEmail("ai");
        var (_, tokens) = await _http.RegisterAndLoginAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { aiRequestsPerDay = 2 });
        var token = tokens.AccessToken;

        // A failed call gives its request back.
        fake.Behavior = FakeBehavior.ServerError;
        var failed = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("m"));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(0, await UsedAsync(token, "ai_requests"));

        fake.Behavior = FakeBehavior.Answer;
        await http.ChatAsync(token, "m"); // The failures opened the circuit; it is half-open again by now, and this trial closes it.
        await http.ChatAsync(token, "m");
        // Usage is charged just after the answer is complete.
        await Processes.WaitUntilAsync(async () => await UsedAsync(token, "ai_tokens") == 2 * (FakeProvider.InputTokens + FakeProvider.OutputTokens),
            TimeSpan.FromSeconds(5), "the reported tokens to be charged");

        var callsBefore = fake.Calls;
        var refused = await http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody("m"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal("quota_exceeded", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(callsBefore, fake.Calls);

        var anthropic = await http.PostAsync("/v1/messages", token, new { model = "m", max_tokens = 10, messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.TooManyRequests, anthropic.StatusCode);
        Assert.Equal("rate_limit_error", (await anthropic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task BadRequests_GetClearErrorsInTheProtocolsShape_AndReachNoProvider()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.OpenAi);
        await using var second = await FakeProvider.StartAsync("q", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["m"]), new ProviderSetup(second, ["m"], Priority: 1));
        var http = gateway.CreateClient();
        var token = await TokenAsync();

        async Task<(HttpStatusCode, JsonElement)> Send(string path, HttpContent content, bool authorized = true)
        {
            // Expect: 100-continue lets the gateway refuse an oversized body before it is sent.
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content, Headers = { ExpectContinue = true } };
            if (authorized)
            {
                request.Headers.Authorization = new("Bearer", token);
            }

            var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var (status, body) = await Send("/v1/chat/completions", AiTestClient.Raw("{\"model\": \"m\", "));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), (status, body.GetProperty("error").GetProperty("code").GetString()));
        (status, body) = await Send("/v1/chat/completions", AiTestClient.Raw("{\"model\": \"m\", \"messages\": \"hi\"}"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (status, body.GetProperty("error").GetProperty("code").GetString()));
        Assert.Contains("messages", body.GetProperty("error").GetProperty("message").GetString());
        (status, body) = await Send("/v1/chat/completions", AiTestClient.Raw("{\"model\": 5, \"messages\": []}"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, body) = await Send("/v1/chat/completions", AiTestClient.Raw(JsonSerializer.Serialize(AiTestClient.ChatBody("m"))), authorized: false);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized"), (status, body.GetProperty("error").GetProperty("code").GetString()));
        (status, body) = await Send("/v1/chat/completions", AiTestClient.Raw("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 5 * 1024 * 1024) + "\"}]}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        (status, _) = await Send("/v1/chat/completions", AiTestClient.Raw("hello", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        (status, body) = await Send("/v1/messages", AiTestClient.Raw("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("max_tokens", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, fake.Calls + second.Calls);

        // A provider's own 400 is the caller's mistake: passed on, not retried elsewhere.
        fake.Behavior = FakeBehavior.BadRequest;
        (status, body) = await Send("/v1/chat/completions", AiTestClient.Raw(JsonSerializer.Serialize(AiTestClient.ChatBody("m"))));
        Assert.Equal((HttpStatusCode.BadRequest, "provider_rejected"), (status, body.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(0, second.Calls);
    }

    [Fact]
    public async Task SameFormatStreams_PassThroughByteForByte_AndACallerWhoLeavesCancelsTheUpstreamCall()
    {
        await using var fake = await FakeProvider.StartAsync("p", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["claude-test"]));
        var http = gateway.CreateClient();
        var token = await TokenAsync();
        var body = new { model = "claude-test", max_tokens = 10, stream = true, messages = new[] { new { role = "user", content = "hi" } } };

        var response = await http.PostAsync("/v1/messages", token, body, stream: true);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        // The whole relayed body first: the fake's record of what it sent is complete only once the stream has ended.
        var relayed = await response.Content.ReadAsStringAsync();
        Assert.Equal(string.Concat(fake.LastStreamEvents), relayed);

        fake.EventGap = TimeSpan.FromMilliseconds(300);
        var slow = await http.PostAsync("/v1/messages", token, body, stream: true);
        var reader = new StreamReader(await slow.Content.ReadAsStreamAsync());
        Assert.StartsWith("event: message_start", await reader.ReadLineAsync());
        slow.Dispose();
        await Processes.WaitUntilAsync(() => Task.FromResult(fake.CancelledStreams == 1), TimeSpan.FromSeconds(10), "the upstream stream to be cancelled");
    }

    [Fact]
    public async Task AdminView_AndMetrics_ReportEachProvidersCallsLatencyAndCircuit()
    {
        await using var fake = await FakeProvider.StartAsync("watched", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["m"]));
        var http = gateway.CreateClient();
        var token = await TokenAsync();
        for (var i = 0; i < 5; i++)
        {
            await http.ChatAsync(token, "m");
        }

        var provider = await ProviderAsync(gateway, "watched");
        Assert.Equal(5, provider.GetProperty("calls").GetInt64());
        Assert.Equal(0, provider.GetProperty("inFlight").GetInt32());
        Assert.True(provider.GetProperty("latencyMs").GetProperty("p99").GetDouble() > 0);
        Assert.Equal(0, provider.GetProperty("errorRate").GetDouble());
        Assert.True(provider.GetProperty("healthy").GetBoolean());

        var forbidden = await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/providers", token);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("pa_ai_provider_calls", metrics);
        Assert.Contains("provider=\"watched\"", metrics);
    }

    private static ChatClient OpenAiChat(AiGateway gateway, string token, string model) =>
        new(model, new ApiKeyCredential(token), new OpenAIClientOptions { Endpoint = new Uri(gateway.Address, "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });

    /// <summary>A community user, or one with a licence allowing <paramref name="aiRequestsPerDay"/>.</summary>
    private async Task<string> TokenAsync(int? aiRequestsPerDay = null)
    {
        var email = ApiClient.NewEmail("ai");
        var (_, tokens) = await _http.RegisterAndLoginAsync(email);
        if (aiRequestsPerDay is { } limit)
        {
            await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { aiRequestsPerDay = limit, requestsPerMinute = 100_000 });
            tokens = await _http.LoginAsync(email);
        }

        return tokens.AccessToken;
    }

    private async Task<JsonElement> ProviderAsync(AiGateway gateway, string name)
    {
        var all = await (await gateway.CreateClient().SendAuthorizedAsync(HttpMethod.Get, "/api/v1/admin/ai/providers", await cluster.AdminTokenAsync()))
            .Content.ReadFromJsonAsync<JsonElement>();
        return all.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
    }

    private async Task<long> UsedAsync(string token, string kind)
    {
        var usage = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
        return usage.EnumerateArray().Single(u => u.GetProperty("kind").GetString() == kind).GetProperty("used").GetInt64();
    }
}
