using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Tests.Infrastructure;

#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental.

namespace PowerAutomation.Tests.Ai;

/// <summary>
/// <c>POST /v1/responses</c> end to end: the official OpenAI SDK against chat and Anthropic providers (translated both
/// ways, streamed and not), function calls round trip, pass-through to an <c>openai</c> provider, refusals, charging.
/// </summary>
public sealed class ResponsesApiTests(AiClusterFixture cluster) : IClassFixture<AiClusterFixture>
{
    private static readonly object[] WeatherTool =
    [
        new { type = "function", name = "get_weather", description = "Weather now", parameters = new { type = "object", properties = new { city = new { type = "string" } } } },
    ];

    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task OpenAiSdk_CreatesAndStreamsResponses_FromAChatProviderAndAnAnthropicProvider()
    {
        await using var chat = await FakeProvider.StartAsync("oa", AiProtocol.OpenAi);
        await using var anthropic = await FakeProvider.StartAsync("an", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(chat, ["gpt-test"]), new ProviderSetup(anthropic, ["claude-test"]));
        var client = Client(gateway, await TokenAsync());

        foreach (var (model, provider) in new[] { ("gpt-test", chat), ("claude-test", anthropic) })
        {
            var options = new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem("hi")]) { Instructions = "Be brief.", MaxOutputTokenCount = 100 };
            ResponseResult response = await client.CreateResponseAsync(options);
            Assert.Equal($"Hello from {provider.Name}", response.GetOutputText());
            Assert.Equal(ResponseStatus.Completed, response.Status);
            Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
            Assert.Equal((FakeProvider.InputTokens, FakeProvider.OutputTokens, FakeProvider.InputTokens + FakeProvider.OutputTokens),
                ((long)response.Usage.InputTokenCount, (long)response.Usage.OutputTokenCount, (long)response.Usage.TotalTokenCount));
            Assert.Equal(100, provider.LastBody!["max_tokens"]!.GetValue<int>());

            options.StreamingEnabled = true;
            var text = new StringBuilder();
            var deltas = 0;
            var sequence = new List<int>();
            ResponseResult? completed = null;
            await using var stream = await client.CreateResponseStreamingAsync(options);
            await foreach (var update in stream)
            {
                sequence.Add(update.SequenceNumber);
                switch (update)
                {
                    case StreamingResponseOutputTextDeltaUpdate delta:
                        deltas++;
                        text.Append(delta.Delta);
                        break;
                    case StreamingResponseCompletedUpdate done:
                        completed = done.Response;
                        break;
                }
            }

            Assert.Equal($"Hello from {provider.Name}", text.ToString());
            Assert.True(deltas >= 3, $"{deltas} text deltas: the stream came in one piece");
            Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
            Assert.NotNull(completed);
            Assert.Equal($"Hello from {provider.Name}", completed.GetOutputText());
            Assert.Equal(FakeProvider.OutputTokens, completed.Usage.OutputTokenCount);
            Assert.Equal(FakeProvider.InputTokens, completed.Usage.InputTokenCount);
        }

        // Each provider got the call in its own format: instructions as its system prompt.
        Assert.Equal("/v1/chat/completions", chat.LastPath);
        Assert.Equal("system", chat.LastBody!["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("/v1/messages", anthropic.LastPath);
        Assert.Equal("Be brief.", anthropic.LastBody!["system"]!.GetValue<string>());
    }

    [Fact]
    public async Task FunctionCall_RoundTrip_IsTranslatedFromAnAnthropicProvider_StreamedAndNot()
    {
        await using var anthropic = await FakeProvider.StartAsync("an", AiProtocol.Anthropic);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(anthropic, ["claude-test"]));
        var token = await TokenAsync();
        var client = Client(gateway, token);
        var options = new CreateResponseOptions("claude-test", [ResponseItem.CreateUserMessageItem("weather in Paris?")]);
        options.Tools.Add(ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}"""), false, "Weather now"));

        ResponseResult response = await client.CreateResponseAsync(options);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(("toolu_1", "get_weather"), (call.CallId, call.FunctionName));
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());
        Assert.Equal("object", anthropic.LastBody!["tools"]![0]!["input_schema"]!["type"]!.GetValue<string>());

        // Streamed: Anthropic's input_json_delta fragments arrive as function_call_arguments deltas.
        options.StreamingEnabled = true;
        var arguments = new StringBuilder();
        FunctionCallResponseItem? streamed = null;
        await using (var stream = await client.CreateResponseStreamingAsync(options))
        {
            await foreach (var update in stream)
            {
                switch (update)
                {
                    case StreamingResponseFunctionCallArgumentsDeltaUpdate delta:
                        arguments.Append(delta.Delta);
                        break;
                    case StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem done }:
                        streamed = done;
                        break;
                }
            }
        }

        Assert.Equal("{\"city\":\"Paris\"}", arguments.ToString());
        Assert.Equal(("toolu_1", "get_weather", "{\"city\":\"Paris\"}"), (streamed?.CallId, streamed?.FunctionName, streamed?.FunctionArguments.ToString()));

        // The call and its output given back reach Anthropic as tool_use and tool_result blocks, and the answer is text.
        var followUp = await gateway.CreateClient().PostAsync("/v1/responses", token, new
        {
            model = "claude-test",
            input = new object[]
            {
                new { role = "user", content = "weather in Paris?" },
                new { type = "function_call", call_id = "toolu_1", name = "get_weather", arguments = "{\"city\":\"Paris\"}" },
                new { type = "function_call_output", call_id = "toolu_1", output = "sunny" },
            },
        });
        var answer = await followUp.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(followUp.IsSuccessStatusCode, answer.ToString());
        Assert.Equal("Hello from an", answer.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        var messages = anthropic.LastBody!["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("tool_use", messages[1]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("Paris", messages[1]!["content"]![0]!["input"]!["city"]!.GetValue<string>());
        var result = messages[2]!["content"]![0]!;
        Assert.Equal(("tool_result", "toolu_1"), (result["type"]!.GetValue<string>(), result["tool_use_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ToAnOpenAiProvider_TheBodyPassesThrough_AndTheAnswerComesBackAsSent_StreamedAndNot()
    {
        await using var openAi = await FakeProvider.StartAsync("openai", AiProtocol.OpenAi);
        openAi.Kind = "openai";
        await using var gateway = await cluster.StartAiGatewayAsync("priority", ["--Ai:Models:smart:Targets:0=gpt-5"], new ProviderSetup(openAi, ["gpt-5"]));
        var token = await TokenAsync();
        var http = gateway.CreateClient();
        object Body(bool stream) => new
        {
            model = "smart", input = "hi", stream, store = false, reasoning = new { effort = "low" }, include = new[] { "reasoning.encrypted_content" },
            metadata = new { team = "editor" }, parallel_tool_calls = true, tools = WeatherTool, tool_choice = "none",
        };

        var response = await http.PostAsync("/v1/responses", token, Body(false));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        Assert.Equal("/v1/responses", openAi.LastPath);
        Assert.Equal("Bearer upstream-secret", openAi.LastHeaders["authorization"]);
        var sent = openAi.LastBody!;
        Assert.Equal("gpt-5", sent["model"]!.GetValue<string>());
        Assert.Equal(4096, sent["max_output_tokens"]!.GetValue<int>()); // The bound reserved for a call that set none.
        Assert.Equal("low", sent["reasoning"]!["effort"]!.GetValue<string>());
        Assert.Equal("reasoning.encrypted_content", sent["include"]![0]!.GetValue<string>());
        Assert.Equal("editor", sent["metadata"]!["team"]!.GetValue<string>());
        Assert.Equal("get_weather", sent["tools"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("hi", sent["input"]!.GetValue<string>());
        Assert.Equal("resp_fake1", answer.GetProperty("id").GetString()); // The provider's own answer.
        Assert.Equal("function_call", answer.GetProperty("output")[0].GetProperty("type").GetString());

        using var streamed = await http.PostAsync("/v1/responses", token, Body(true), stream: true);
        var wire = await streamed.Content.ReadAsStringAsync();
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(string.Concat(openAi.LastStreamEvents), wire); // Event for event, as the provider sent them.
        Assert.True(openAi.LastBody!["stream"]!.GetValue<bool>());

        // Both calls were metered from the provider's usage, the streamed one from its response.completed event.
        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_tokens"] == 2 * (FakeProvider.InputTokens + FakeProvider.OutputTokens),
            TimeSpan.FromSeconds(10), "both pass-through calls to be charged their reported tokens");
    }

    [Theory]
    [InlineData("""{"model":"gpt-test","input":"hi","previous_response_id":"resp_123"}""", "stores no responses")]
    [InlineData("""{"model":"gpt-test","input":"hi","tools":[{"type":"web_search"}]}""", "only function tools")]
    [InlineData("""{"model":"gpt-test","input":42}""", "input")]
    [InlineData("""{"model":"gpt-test","input":"hi","max_output_tokens":"5"}""", "max_output_tokens")]
    [InlineData("""{"model":"gpt-test","input":"hi",""", "not valid JSON")]
    public async Task UnsupportedOrBadBodies_Are400InOpenAisErrorShape_AndReachNoProvider(string body, string mentioned)
    {
        await using var fake = await FakeProvider.StartAsync("oa", AiProtocol.OpenAi);
        fake.Kind = "openai";
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["gpt-test"]));
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = AiTestClient.Raw(body) };
        request.Headers.Authorization = new("Bearer", await TokenAsync());

        var response = await gateway.CreateClient().SendAsync(request);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        Assert.Equal(0, fake.Calls);
    }

    [Fact]
    public async Task OpenAiSdk_SeesARefusal_AsItsOwnError()
    {
        await using var fake = await FakeProvider.StartAsync("oa", AiProtocol.OpenAi);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", new ProviderSetup(fake, ["gpt-test"]));

        var client = Client(gateway, await TokenAsync());

        var options = new CreateResponseOptions("gpt-test", [ResponseItem.CreateUserMessageItem("hi")]) { PreviousResponseId = "resp_earlier" };
        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync(options));

        Assert.Equal(400, error.Status);
        Assert.Contains("stores no responses", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }

    [Theory]
    [InlineData(AiProtocol.OpenAi, false)]
    [InlineData(AiProtocol.Anthropic, true)]
    public async Task ResponsesCall_IsChargedItsTokensAndItsCost(AiProtocol protocol, bool stream)
    {
        const long callCost = FakeProvider.InputTokens * 3 + FakeProvider.OutputTokens * 1_000;
        await using var fake = await FakeProvider.StartAsync("p", protocol);
        await using var gateway = await cluster.StartAiGatewayAsync("priority", ["--Ai:Prices:priced:InputPerMillion=3", "--Ai:Prices:priced:OutputPerMillion=1000"],
            new ProviderSetup(fake, ["priced"]));
        var token = await TokenAsync(aiSpendPerDay: 1_000_000);

        using var response = await gateway.CreateClient().PostAsync("/v1/responses", token, new { model = "priced", input = "hi", max_output_tokens = 100, stream }, stream);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(stream ? "event: response.completed" : "\"object\":\"response\"", body, StringComparison.Ordinal);

        await Processes.WaitUntilAsync(async () => (await UsageAsync(token))["ai_spend"] == callCost, TimeSpan.FromSeconds(10),
            "the Responses call to be settled to its cost");
        var usage = await UsageAsync(token);
        Assert.Equal(1, usage["ai_requests"]);
        Assert.Equal(FakeProvider.InputTokens + FakeProvider.OutputTokens, usage["ai_tokens"]);
    }

    private static ResponsesClient Client(AiGateway gateway, string token) =>
        new(new ApiKeyCredential(token), new ResponsesClientOptions { Endpoint = new Uri(gateway.Address, "/v1"), RetryPolicy = new ClientRetryPolicy(0) });

    private async Task<string> TokenAsync(long? aiSpendPerDay = null)
    {
        var email = ApiClient.NewEmail("responses");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "professional",
            limits: aiSpendPerDay is { } spend
                ? new { aiRequestsPerDay = 1000, requestsPerMinute = 100_000, aiSpendPerDay = spend }
                : (object)new { aiRequestsPerDay = 1000, requestsPerMinute = 100_000 });
        return (await _http.LoginAsync(email)).AccessToken;
    }

    private Task<Dictionary<string, long>> UsageAsync(string token) => _http.QuotaUsedAsync(token);
}
