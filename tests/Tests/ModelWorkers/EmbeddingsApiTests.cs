using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Embeddings;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Embeddings;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.ModelWorkers;

[Collection(ModelWorkerCollection.Name)]
public sealed class EmbeddingsApiTests(ModelWorkerClusterFixture cluster)
{
    // BRIEF.md: the reference output for "This is an example sentence" begins with these.
    private static readonly float[] ReferenceStart = [0.067657f, 0.063496f, 0.048713f, 0.079305f, 0.037448f];

    private readonly HttpClient _http = cluster.CreateClient();

    [Fact]
    public async Task Embeddings_AnswerWithTheReferenceVector_AndChargeTheTokensRead()
    {
        var token = await TokenAsync();

        var response = await _http.PostAsync("/v1/embeddings", token, new { model = ModelNames.MiniLm, input = "This is an example sentence" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal(ModelNames.MiniLm, body.GetProperty("model").GetString());
        var vector = Floats(body.GetProperty("data")[0].GetProperty("embedding"));
        Assert.Equal(ModelNames.MiniLmDimensions, vector.Length);
        for (var i = 0; i < ReferenceStart.Length; i++)
        {
            Assert.InRange(vector[i], ReferenceStart[i] - 1e-4f, ReferenceStart[i] + 1e-4f);
        }

        Assert.InRange(VectorMath.Norm(vector), 0.9999, 1.0001);

        // [CLS] this is an example sentence [SEP]
        Assert.Equal(7, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(7, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        await Processes.WaitUntilAsync(async () => await UsedAsync(token, "ai_tokens") == 7, TimeSpan.FromSeconds(5), "the tokens to be charged");
        Assert.Equal(1, await UsedAsync(token, "ai_requests"));
    }

    [Fact]
    public async Task OfficialOpenAiSdk_GetsEachInputsOwnVector_InOrder()
    {
        var client = new EmbeddingClient(ModelNames.MiniLm, new ApiKeyCredential(await TokenAsync()),
            new OpenAIClientOptions { Endpoint = new Uri(cluster.GatewayAddress, "/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });
        string[] inputs = ["This is an example sentence", "Orleans grains are virtual actors.", "ü", TestSentences.Long];

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(inputs);

        Assert.Equal(inputs.Length, embeddings.Count);
        var first = embeddings[0].ToFloats().ToArray();
        Assert.InRange(first[0], ReferenceStart[0] - 1e-4f, ReferenceStart[0] + 1e-4f);

        // Each input's vector is the one it gets alone (the batch is shared, the results are not).
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(i, embeddings[i].Index);
            var alone = await client.GenerateEmbeddingAsync(inputs[i]);
            Assert.True(VectorMath.MaxAbsDifference(alone.Value.ToFloats().ToArray(), embeddings[i].ToFloats().ToArray()) < 1e-5);
        }

        Assert.True(embeddings.Usage.InputTokenCount > 256, $"the long input alone is 256 tokens; got {embeddings.Usage.InputTokenCount}");
    }

    [Fact]
    public async Task BadRequests_GetClearErrorsInOpenAisShape_AndChargeNothing()
    {
        var token = await TokenAsync();
        async Task Expect(HttpStatusCode status, string code, HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
            Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        Task<HttpResponseMessage> Raw(string json, string mediaType = "application/json") =>
            _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
            {
                Content = AiTestClient.Raw(json, mediaType),

                // Expect: 100-continue lets the gateway refuse an oversized body before it is sent.
                Headers = { Authorization = new("Bearer", token), ExpectContinue = true },
            });

        await Expect(HttpStatusCode.BadRequest, "invalid_json", await Raw("{\"model\": "));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"model\":\"all-minilm-l6-v2\",\"input\":[101,2023]}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"model\":\"all-minilm-l6-v2\",\"input\":42}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"model\":\"all-minilm-l6-v2\",\"input\":[]}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"model\":\"all-minilm-l6-v2\",\"input\":[\"a\",null]}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"input\":\"a\"}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"model\":\"all-minilm-l6-v2\",\"input\":\"a\",\"dimensions\":512}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("{\"model\":\"all-minilm-l6-v2\",\"input\":\"a\",\"encoding_format\":\"int8\"}"));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await Raw("[1,2,3]"));
        await Expect(HttpStatusCode.NotFound, "model_not_found", await Raw("{\"model\":\"text-embedding-3-small\",\"input\":\"a\"}"));
        await Expect(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", await Raw("{}", "text/plain"));
        await Expect(HttpStatusCode.RequestEntityTooLarge, "payload_too_large",
            await Raw(JsonSerializer.Serialize(new { model = ModelNames.MiniLm, input = new string('a', 5 * 1024 * 1024) })));
        await Expect(HttpStatusCode.BadRequest, "invalid_request",
            await Raw(JsonSerializer.Serialize(new { model = ModelNames.MiniLm, input = new string('a', 70_000) })));

        var anonymous = await _http.PostAsync("/v1/embeddings", JsonContent.Create(new { model = ModelNames.MiniLm, input = "a" }));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // A chat call to the embeddings model says where to go instead.
        await Expect(HttpStatusCode.BadRequest, "invalid_request", await _http.PostAsync("/v1/chat/completions", token, AiTestClient.ChatBody(ModelNames.MiniLm)));

        Assert.Equal(0, await UsedAsync(token, "ai_requests"));
        Assert.Equal(0, await UsedAsync(token, "ai_tokens"));
    }

    [Fact]
    public async Task ManyLongInputs_PastTheDaysTokens_AreRefusedBeforeTheModelReadsThem()
    {
        // A community day has 20,000 ai_tokens; 100 long inputs may take up to 256 tokens each, 25,600 in all.
        var (_, tokens) = await _http.RegisterAndLoginAsync();
        var inputs = Enumerable.Repeat(TestSentences.Long, 100).ToArray();

        var refused = await _http.PostAsync("/v1/embeddings", tokens.AccessToken, new { model = ModelNames.MiniLm, input = inputs });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("quota_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("25600", error.GetProperty("message").GetString());
        Assert.Equal(0, await UsedAsync(tokens.AccessToken, "ai_tokens"));
        Assert.Equal(0, await UsedAsync(tokens.AccessToken, "ai_requests"));

        // A call that fits is served and charged the tokens the model read, not its reservation.
        var served = await _http.PostAsync("/v1/embeddings", tokens.AccessToken, new { model = ModelNames.MiniLm, input = "This is an example sentence" });
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        await Processes.WaitUntilAsync(async () => await UsedAsync(tokens.AccessToken, "ai_tokens") == 7, TimeSpan.FromSeconds(5),
            "the reservation to be trued up to the 7 tokens read");
    }

    [Fact]
    public async Task FullQueue_AnswersServiceUnavailable_ModelOverloaded_AndRefundsTheRefusedCalls()
    {
        var token = await TokenAsync();
        var batch = Enumerable.Repeat(TestSentences.Long, 8).ToArray();
        var expected = Floats((await (await _http.PostAsync("/v1/embeddings", token, new { model = ModelNames.MiniLm, input = TestSentences.Long }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data")[0].GetProperty("embedding"));

        // 24 callers at once, 8 long sentences each, against a queue of 16: most cannot wait.
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => _http.PostAsync("/v1/embeddings", token, new { model = ModelNames.MiniLm, input = batch })));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        var served = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(responses.Length, refused.Count + served.Count);
        Assert.NotEmpty(refused);
        Assert.NotEmpty(served);
        foreach (var response in refused)
        {
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal(ModelWorkerErrors.Overloaded, error.GetProperty("code").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
        }

        foreach (var response in served)
        {
            var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
            Assert.Equal(8, data.GetArrayLength());
            Assert.All(data.EnumerateArray(), d => Assert.True(VectorMath.MaxAbsDifference(expected, Floats(d.GetProperty("embedding"))) < 1e-5));
        }

        // Only what was served counts against the quota.
        await Processes.WaitUntilAsync(async () => await UsedAsync(token, "ai_requests") == 1 + served.Count, TimeSpan.FromSeconds(5),
            $"ai_requests to be {1 + served.Count}");
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private async Task<string> TokenAsync()
    {
        var email = ApiClient.NewEmail("embed");
        await _http.RegisterAsync(email);
        await _http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, limits: new { aiRequestsPerDay = 1000, requestsPerMinute = 100_000 });
        return (await _http.LoginAsync(email)).AccessToken;
    }

    private async Task<long> UsedAsync(string token, string kind)
    {
        var usage = await (await _http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
        return usage.EnumerateArray().Single(u => u.GetProperty("kind").GetString() == kind).GetProperty("used").GetInt64();
    }
}
