using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PowerAutomation.Tests.Ai;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Agents;

/// <summary>
/// <c>POST /api/v1/agent</c> against a scripted upstream: the AG-UI events of a run whose model edits a document, the
/// step bound, the charging, and (through <c>tests/mcp-clients</c>) the official MCP and AG-UI Node clients.
/// </summary>
public sealed class AgentRunTests(AiClusterFixture cluster, ITestOutputHelper output) : IClassFixture<AiClusterFixture>
{
    private static readonly TimeSpan NodeLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Agent_ThatNeverStopsCallingTools_EndsWithTheStepBound_AndIsCharged()
    {
        await using var model = await ScriptedModel.StartAsync(_ => ScriptedModel.ToolCall("list_projects", []));
        var app = await cluster.StartGatewayAsync([.. model.GatewayArguments(), "--Agents:MaxSteps=3"]);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        var token = await LicensedUserAsync(http);
        var before = await UsedAsync(http, token, "ai_requests");

        var events = await RunAsync(http, token, "Keep going.");
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("RUN_STARTED", types[0]);
        Assert.Equal("RUN_ERROR", types[^1]);
        Assert.Equal("agent_step_limit", events[^1].GetProperty("code").GetString());
        Assert.Contains("Agents:MaxSteps", events[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, types.Count(t => t == "TOOL_CALL_RESULT"));
        Assert.Equal(3, model.Calls);

        // Every model call of the run was charged like any AI call.
        Assert.Equal(before + 3, await UsedAsync(http, token, "ai_requests"));
    }

    [Fact]
    public async Task Agent_PastItsTokenBound_StopsBeforeRunningMoreTools_WithAgentTokenLimit()
    {
        // Each scripted answer reports 18 tokens: 18, 36, then 54 is past 40, so the third answer's tools never run.
        await using var model = await ScriptedModel.StartAsync(_ => ScriptedModel.ToolCall("list_projects", []));
        var app = await cluster.StartGatewayAsync([.. model.GatewayArguments(), "--Agents:MaxTokens=40"]);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        var token = await LicensedUserAsync(http);
        var before = await UsedAsync(http, token, "ai_requests");

        var events = await RunAsync(http, token, "Keep going.");
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("RUN_ERROR", types[^1]);
        Assert.Equal("agent_token_limit", events[^1].GetProperty("code").GetString());
        Assert.Contains("54 tokens", events[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, types.Count(t => t == "TOOL_CALL_RESULT"));
        Assert.DoesNotContain("RUN_FINISHED", types);
        Assert.Equal(3, model.Calls);
        Assert.Equal(before + 3, await UsedAsync(http, token, "ai_requests"));
    }

    [Fact]
    public async Task Agent_PastItsTimeBound_EndsWithAgentTimeLimit_AndCancelsTheModelCall()
    {
        await using var model = await ScriptedModel.StartAsync(_ => ScriptedModel.Text("never sent"));
        model.Hang = true;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = await cluster.StartGatewayAsync(services => services.AddSingleton<TimeProvider>(clock),
            [.. model.GatewayArguments(), "--Agents:MaxDuration=00:00:30"]);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        var token = await LicensedUserAsync(http);

        var run = RunAsync(http, token, "Think for a long time.");
        await model.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(31)); // the run's wall-time bound passes while the model still thinks

        var events = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("RUN_STARTED", events[0].GetProperty("type").GetString());
        Assert.Equal("RUN_ERROR", events[^1].GetProperty("type").GetString());
        Assert.Equal("agent_time_limit", events[^1].GetProperty("code").GetString());
        Assert.Contains("Agents:MaxDuration", events[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        await model.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task McpChatTool_AnswersFromTheModel_AndIsChargedLikeAnyAiCall()
    {
        await using var model = await ScriptedModel.StartAsync(_ => ScriptedModel.Text("Forty-two."));
        var app = await cluster.StartGatewayAsync(model.GatewayArguments());
        var gateway = new Uri(app.Urls.First());
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        var token = await LicensedUserAsync(http);
        var (requests, tokens) = (await UsedAsync(http, token, "ai_requests"), await UsedAsync(http, token, "ai_tokens"));
        await using var mcp = await McpSession.ConnectAsync(gateway, token);

        var (isError, answer) = await mcp.CallAsync("chat", new
        {
            model = ScriptedModel.Model, messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "The answer?" } },
        });
        Assert.False(isError, answer.ToString());
        Assert.Equal("Forty-two.", answer.GetProperty("content").GetString());
        Assert.Equal(requests + 1, await UsedAsync(http, token, "ai_requests"));
        await Processes.WaitUntilAsync(async () => await UsedAsync(http, token, "ai_tokens") == tokens + 18, TimeSpan.FromSeconds(10),
            "the call's token reservation to be trued up to the 18 tokens it used");

        // Only system messages is no conversation: refused before any model call, so nothing is charged.
        var (refused, problem) = await mcp.CallAsync("chat", new { model = ScriptedModel.Model, messages = new[] { new { role = "system", content = "x" } } });
        Assert.True(refused);
        Assert.Equal(("validation_failed", "messages"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Equal(1, model.Calls);
        Assert.Equal(requests + 1, await UsedAsync(http, token, "ai_requests"));
    }

    [Fact]
    public async Task Agent_EditsADocument_AsAnAiOperationOfTheRun_AndTheNodeClientsAgree()
    {
        Guid documentId = default;
        await using var model = await ScriptedModel.StartAsync(request => ScriptedModel.ToolResults(request) == 0
            ? ScriptedModel.ToolCall("edit_document", new JsonObject
            {
                ["documentId"] = documentId.ToString(), ["revision"] = 0,
                ["edits"] = new JsonArray(new JsonObject { ["from"] = 0, ["to"] = 0, ["text"] = "// by the agent\n" }),
            })
            : ScriptedModel.Text("Done: the header is in."));
        var app = await cluster.StartGatewayAsync(model.GatewayArguments());
        var gateway = new Uri(app.Urls.First());
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        var token = await LicensedUserAsync(http);
        var projectId = (await (await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/projects", token, new { name = "Agent" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectId").GetGuid();
        documentId = await CreateDocumentAsync(http, token, projectId, "main.ts");

        var runId = Guid.NewGuid();
        var events = await RunAsync(http, token, "Add a header comment.", runId.ToString());
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT", "STATE_SNAPSHOT",
            "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "STATE_SNAPSHOT", "RUN_FINISHED"], types);

        var content = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/content", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("// by the agent\nconst x = 1;\n", content.GetProperty("content").GetString());
        var history = await (await http.SendAuthorizedAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}/operations", token)).Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(history.EnumerateArray());
        Assert.Equal(("ai", runId, ScriptedModel.Model), (item.GetProperty("authorKind").GetString(), item.GetProperty("runId").GetGuid(), item.GetProperty("model").GetString()));

        // The official Node clients: MCP over Streamable HTTP (tools, read, edit, a subscription's update), and AG-UI's HttpAgent.
        var second = await CreateDocumentAsync(http, token, projectId, "second.ts");
        documentId = second;
        var outcome = await NodeTests.RunTestFileAsync("tests/mcp-clients", "clients.test.ts", new Dictionary<string, string>
        {
            ["PA_BASE_URL"] = gateway.ToString().TrimEnd('/'),
            ["PA_TOKEN"] = token,
            ["PA_DOCUMENT_ID"] = second.ToString(),
            ["PA_MODEL"] = ScriptedModel.Model,
            ["NO_COLOR"] = "1",
        }, NodeLimit);
        output.WriteLine(outcome.Output);
        NodeTests.AssertPassed(outcome, "tests/mcp-clients", "clients.test.ts", NodeLimit);
    }

    [Fact]
    public async Task Agent_CallerHangsUp_CancelsTheModelCallInFlight()
    {
        await using var model = await ScriptedModel.StartAsync(_ => ScriptedModel.Text("never sent"));
        model.Hang = true;
        var app = await cluster.StartGatewayAsync(model.GatewayArguments());
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        var token = await LicensedUserAsync(http);
        using var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/agent", token, new
        {
            threadId = "t", runId = "r", messages = new[] { new { id = "m1", role = "user", content = "hello" } }, forwardedProps = new { model = ScriptedModel.Model },
        });
        using var leaving = new CancellationTokenSource();
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leaving.Token);
        var stream = await response.Content.ReadAsStreamAsync(leaving.Token);
        await model.Reached.Task.WaitAsync(TimeSpan.FromSeconds(15));

        await leaving.CancelAsync();
        stream.Dispose();
        response.Dispose();
        await model.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Agent_BadInput_IsAProblemNamingTheField()
    {
        await using var model = await ScriptedModel.StartAsync(_ => ScriptedModel.Text("hi"));
        var app = await cluster.StartGatewayAsync(model.GatewayArguments());
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var token = await LicensedUserAsync(http);
        var response = await http.SendAuthorizedAsync(HttpMethod.Post, "/api/v1/agent", token, new { threadId = "t", messages = Array.Empty<object>() });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("runId", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/v1/agent", new { threadId = "t", runId = "r", messages = Array.Empty<object>() })).StatusCode);
    }

    private static async Task<List<JsonElement>> RunAsync(HttpClient http, string token, string prompt, string? runId = null)
    {
        using var request = ApiClient.Authorized(HttpMethod.Post, "/api/v1/agent", token, new
        {
            threadId = "thread-1", runId = runId ?? Guid.NewGuid().ToString(), state = new { }, tools = Array.Empty<object>(), context = Array.Empty<object>(),
            messages = new[] { new { id = "m1", role = "user", content = prompt } }, forwardedProps = new { model = ScriptedModel.Model },
        });
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone())];
    }

    private async Task<string> LicensedUserAsync(HttpClient http)
    {
        var email = ApiClient.NewEmail("agent");
        await http.RegisterAsync(email);
        await http.IssueLicenseAsync(await cluster.AdminTokenAsync(), email, edition: "professional", limits: new { requestsPerMinute = 100_000 });
        return (await http.LoginAsync(email)).AccessToken;
    }

    private static async Task<Guid> CreateDocumentAsync(HttpClient http, string token, Guid projectId, string path)
    {
        var created = await http.SendAuthorizedAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", token, new { path, content = "const x = 1;\n" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid();
    }

    private static async Task<long> UsedAsync(HttpClient http, string token, string kind)
    {
        var quota = await (await http.SendAuthorizedAsync(HttpMethod.Get, "/api/v1/me/quota", token)).Content.ReadFromJsonAsync<JsonElement>();
        return quota.EnumerateArray().Where(q => q.GetProperty("kind").GetString() == kind).Select(q => q.GetProperty("used").GetInt64()).FirstOrDefault();
    }
}
