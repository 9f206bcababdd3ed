using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>What the workflow API refuses, and how: bad definitions name their step, bad input is never a 500.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowRequestTests(WorkflowsFixture fixture)
{
    public static TheoryData<string, string, string> BadDefinitions() => new()
    {
        { "unknown type", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1}},{"id":"b","type":"email.send","input":{}}]}""", "b" },
        { "cycle", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"dependsOn":["c"]},{"id":"b","type":"transform","input":{"value":1},"dependsOn":["a"]},{"id":"c","type":"transform","input":{"value":1},"dependsOn":["b"]}]}""", "a" },
        { "duplicate id", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1}},{"id":"a","type":"transform","input":{"value":2}}]}""", "a" },
        { "unknown dependency", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"dependsOn":["ghost"]}]}""", "a" },
        { "template of a step not depended on", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1}},{"id":"b","type":"transform","input":{"value":"{{steps.a.output}}"}}]}""", "b" },
        { "template of an unknown step", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":"{{steps.zz.output.x}}"}}]}""", "a" },
        { "template of a later step", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":"{{steps.b.output}}"}},{"id":"b","type":"transform","input":{"value":1},"dependsOn":["a"]}]}""", "a" },
        { "unclosed template", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":"x {{input.y"}}]}""", "a" },
        { "template of something else", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":"{{env.HOME}}"}}]}""", "a" },
        { "bad duration", """{"name":"w","steps":[{"id":"a","type":"delay","input":{"duration":"5 seconds"}}]}""", "a" },
        { "missing url", """{"name":"w","steps":[{"id":"a","type":"http.request","input":{"method":"GET"}}]}""", "a" },
        { "ftp url", """{"name":"w","steps":[{"id":"a","type":"http.request","input":{"method":"GET","url":"ftp://x/y"}}]}""", "a" },
        { "bad retry", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"retry":{"maxAttempts":0}}]}""", "a" },
        { "bad timeout", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"timeout":"-PT1S"}]}""", "a" },
        { "edit with both forms", """{"name":"w","steps":[{"id":"a","type":"document.edit","input":{"documentId":"00000000-0000-0000-0000-000000000001","operation":[1],"insert":{"at":0,"text":"x"}}}]}""", "a" },
        { "chat without messages", """{"name":"w","steps":[{"id":"a","type":"ai.chat","input":{"model":"m","messages":[]}}]}""", "a" },
        { "signal name with spaces", """{"name":"w","steps":[{"id":"a","type":"wait.signal","input":{"name":"two words"}}]}""", "a" },
        { "no input", """{"name":"w","steps":[{"id":"a","type":"transform"}]}""", "a" },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task CreateWorkflow_BadDefinition_Is400NamingTheOffendingStep(string why, string definition, string step)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var response = await client.Http.SendAsync(Raw(HttpMethod.Post, "/api/v1/workflows", client.Token, definition));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_workflow");
        Assert.True(step == problem.GetProperty("step").GetString(), $"{why}: {problem}");
        Assert.Contains($"'{step}'", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"steps":[]}""", "name")]
    [InlineData("""{"name":"w","steps":"a"}""", "steps")]
    [InlineData("""{"name":"w","steps":[]}""", "steps")]
    [InlineData("""[1,2]""", "")]
    [InlineData("""{"name":"w","steps":[7]}""", "steps[0]")]
    [InlineData("""{"name":"w","steps":[{"id":"1a","type":"transform","input":{"value":1}}]}""", "steps[0].id")]
    public async Task CreateWorkflow_WrongShape_Is400WithTheField(string definition, string field)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var response = await client.Http.SendAsync(Raw(HttpMethod.Post, "/api/v1/workflows", client.Token, definition));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_workflow");
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task BadRequests_AreClientErrors_NeverServerErrors()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new { name = "ok", steps = new object[] { new { id = "a", type = "wait.signal", input = new { name = "go" } } } });
        var runId = await client.StartRunAsync(workflowId);

        await (await client.Http.SendAsync(Raw(HttpMethod.Post, "/api/v1/workflows", client.Token, "{not json"))).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        var plain = Raw(HttpMethod.Post, "/api/v1/workflows", client.Token, "{}");
        plain.Content = new StringContent("{}", Encoding.UTF8, "text/plain");
        await (await client.Http.SendAsync(plain)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, """{"version":"x"}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, """{"version":9}""")))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, """{"version":0}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/go", client.Token, "[[[")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
        await (await client.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{Guid.NewGuid()}/runs", new { input = new { } })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.SendAsync(HttpMethod.Get, $"/api/v1/runs/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.SendAsync(HttpMethod.Get, "/api/v1/runs/not-a-guid")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}?wait=999")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}/events?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // Someone else's run and workflow do not exist for this caller, whatever they try.
        var stranger = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        await (await stranger.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}/events")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/cancel")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/go", new { payload = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}", new { name = "mine", steps = new object[] { new { id = "a", type = "transform", input = new { value = 1 } } } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await fixture.CreateClient().GetAsync($"/api/v1/runs/{runId}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        // None of that touched the run.
        Assert.Equal("waiting", WorkflowClient.Status(await client.GetRunAsync(runId)));
        Assert.Equal(2, (await client.GetEventsAsync(runId)).Count);
    }

    [Fact]
    public async Task StartRun_OverTheWorkflowRunsQuota_Is429WithRateLimitHeaders_AndStartsNothing()
    {
        var http = fixture.CreateClient();
        var email = ApiClient.NewEmail("wf-quota");
        await http.RegisterAsync(email);
        await http.IssueLicenseAsync(await fixture.AdminTokenAsync(), email, limits: new { workflowRunsPerDay = 2 });
        var client = new WorkflowClient(http, (await http.LoginAsync(email)).AccessToken);
        var workflowId = await client.CreateWorkflowAsync(new { name = "q", steps = new object[] { new { id = "a", type = "transform", input = new { value = 1 } } } });

        for (var i = 1; i <= 2; i++)
        {
            var started = await client.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { input = new { } });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal((2 - i).ToString(), started.Headers.GetValues("RateLimit-Remaining").Single());
        }

        var refused = await client.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { input = new { } });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.Equal("workflow_runs", problem.GetProperty("kind").GetString());
        Assert.Equal("2", refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var usage = await (await client.SendAsync(HttpMethod.Get, "/api/v1/me/quota")).Content.ReadFromJsonAsync<JsonArray>();
        var runs = usage!.Single(u => u!["kind"]!.GetValue<string>() == "workflow_runs")!;
        Assert.Equal(2, runs["used"]!.GetValue<long>());
    }

    [Fact]
    public async Task StartRun_OnALicenceWithoutWorkflowRuns_Is403()
    {
        var http = fixture.CreateClient();
        var email = ApiClient.NewEmail("wf-none");
        await http.RegisterAsync(email);
        await http.IssueLicenseAsync(await fixture.AdminTokenAsync(), email, limits: new { workflowRunsPerDay = 0 });
        var client = new WorkflowClient(http, (await http.LoginAsync(email)).AccessToken);
        var workflowId = await client.CreateWorkflowAsync(new { name = "q", steps = new object[] { new { id = "a", type = "transform", input = new { value = 1 } } } });

        var refused = await client.SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { input = new { } });
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "workflows_not_licensed");
    }

    private static HttpRequestMessage Raw(HttpMethod method, string path, string token, string json)
    {
        var request = ApiClient.Authorized(method, path, token);
        request.Content = ApiClient.RawJson(json);
        return request;
    }
}
