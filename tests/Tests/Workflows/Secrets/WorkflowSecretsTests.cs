using System.Net;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Secrets;

/// <summary>
/// <c>{{secrets.NAME}}</c> end to end: the target gets the value, the run's record (status, steps, events, errors)
/// never has it, not even when the target echoes it back.
/// </summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowSecretsTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task Secret_InHeaderAndBody_ReachesTheTargetButNeverTheRunsRecord()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var value = NewValue();
        await SecretsClient.PutAsync(client, "api_token", value);

        var listed = await SecretsClient.ListTextAsync(client);
        Assert.Contains("\"api_token\"", listed);
        Assert.DoesNotContain(value, listed);

        var path = $"/secret/{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "call with a token",
            steps = new object[]
            {
                CallStep(path),
                new { id = "copy", type = "transform", dependsOn = new[] { "call" }, input = new { value = "{{steps.call.output}}" } },
            },
        });
        var runId = await client.StartRunAsync(workflowId);
        var run = await client.WaitFinishedAsync(runId);

        Assert.True(WorkflowClient.Status(run) == "succeeded", run.ToJsonString());
        var hit = Assert.Single(fixture.Target.HitsOn(path));
        Assert.Equal($"Bearer {value}", hit.Headers["authorization"]);
        Assert.Equal(value, JsonNode.Parse(hit.Body)!["token"]!.GetValue<string>());

        var output = WorkflowClient.Step(run, "call")["output"]!;
        Assert.Equal("***", output["headers"]!["x-echo"]!.GetValue<string>());
        Assert.Contains("\"token\":\"***\"", output["body"]!["received"]!.GetValue<string>());
        await AssertNowhereInRecordAsync(client, runId, value);

        var started = (await client.GetEventsAsync(runId)).First(e => e!["type"]!.GetValue<string>() == "step_started" && e["stepId"]!.GetValue<string>() == "call");
        Assert.Equal("Bearer {{secrets.api_token}}", started!["data"]!["input"]!["headers"]!["Authorization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secret_WhenTheStepFails_IsNotInTheErrorOrEvents()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var value = NewValue();
        await SecretsClient.PutAsync(client, "api_token", value);
        var path = $"/secret-fail/{Guid.NewGuid():N}";
        fixture.Target.FailNext(path, 1);

        var workflowId = await client.CreateWorkflowAsync(new { name = "failing call", steps = new object[] { CallStep(path) } });
        var runId = await client.StartRunAsync(workflowId);
        var run = await client.WaitFinishedAsync(runId);

        Assert.True(WorkflowClient.Status(run) == "failed", run.ToJsonString());
        Assert.Equal("http_failed", WorkflowClient.Step(run, "call")["error"]!["code"]!.GetValue<string>());
        Assert.Equal($"Bearer {value}", Assert.Single(fixture.Target.HitsOn(path)).Headers["authorization"]);
        await AssertNowhereInRecordAsync(client, runId, value);
    }

    [Fact]
    public async Task MissingSecret_FailsTheStepWithSecretNotFound_WithoutSending()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/secret-missing/{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new { name = "no secret", steps = new object[] { CallStep(path) } });

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId));

        Assert.True(WorkflowClient.Status(run) == "failed", run.ToJsonString());
        var error = WorkflowClient.Step(run, "call")["error"]!;
        Assert.Equal("secret_not_found", error["code"]!.GetValue<string>());
        Assert.Contains("api_token", error["message"]!.GetValue<string>());
        Assert.Empty(fixture.Target.HitsOn(path));
    }

    [Fact]
    public async Task AnotherUser_NeitherSeesNorUsesYourSecret()
    {
        var owner = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var other = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        await SecretsClient.PutAsync(owner, "api_token", NewValue());

        Assert.Equal("[]", await SecretsClient.ListTextAsync(other));
        var path = $"/secret-other/{Guid.NewGuid():N}";
        var workflowId = await other.CreateWorkflowAsync(new { name = "borrow", steps = new object[] { CallStep(path) } });
        var run = await other.WaitFinishedAsync(await other.StartRunAsync(workflowId));

        Assert.Equal("secret_not_found", WorkflowClient.Step(run, "call")["error"]!["code"]!.GetValue<string>());
        Assert.Empty(fixture.Target.HitsOn(path));
        await (await other.SendAsync(HttpMethod.Delete, "/api/v1/secrets/api_token")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("\"api_token\"", await SecretsClient.ListTextAsync(owner));
    }

    [Fact]
    public async Task Delete_RemovesFromTheListAndFromRuns_ThenIs404()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        await SecretsClient.PutAsync(client, "api_token", NewValue());

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/api/v1/secrets/api_token")).StatusCode);
        await (await client.SendAsync(HttpMethod.Delete, "/api/v1/secrets/api_token")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("[]", await SecretsClient.ListTextAsync(client));
        var workflowId = await client.CreateWorkflowAsync(new { name = "after delete", steps = new object[] { CallStep($"/secret-deleted/{Guid.NewGuid():N}") } });
        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId));
        Assert.Equal("secret_not_found", WorkflowClient.Step(run, "call")["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Placeholder_FromRunData_IsRefusedAndNothingIsSent()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        await SecretsClient.PutAsync(client, "api_token", NewValue());
        var path = $"/secret-smuggled/{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "forward the caller's text",
            steps = new object[] { new { id = "call", type = "http.request", input = new { method = "POST", url = fixture.Target.Url(path), body = new { text = "{{input.text}}" } } } },
        });

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { text = "{{ secrets.api_token }}" }));

        Assert.Equal("template_unresolved", WorkflowClient.Step(run, "call")["error"]!["code"]!.GetValue<string>());
        Assert.Empty(fixture.Target.HitsOn(path));
    }

    [Theory]
    [InlineData("url", """{"method":"GET","url":"http://127.0.0.1/x?key={{secrets.api_token}}"}""", "http.request")]
    [InlineData("method", """{"method":"{{secrets.api_token}}","url":"http://127.0.0.1/x"}""", "http.request")]
    [InlineData("transform", """{"value":"{{secrets.api_token}}"}""", "transform")]
    [InlineData("chat", """{"model":"wf-model","messages":[{"role":"user","content":"{{secrets.api_token}}"}]}""", "ai.chat")]
    [InlineData("bad name", """{"method":"GET","url":"http://127.0.0.1/x","headers":{"A":"{{secrets.a.b}}"}}""", "http.request")]
    public async Task Definition_WithASecretOutsideHttpHeadersAndBody_IsRefused(string why, string input, string type)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var definition = $$"""{"name":"w","steps":[{"id":"a","type":"{{type}}","input":{{input}}}]}""";
        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/workflows", JsonNode.Parse(definition));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_workflow");
        Assert.True(problem.GetProperty("step").GetString() == "a", $"{why}: {problem}");
    }

    private object CallStep(string path) => new
    {
        id = "call",
        type = "http.request",
        retry = new { maxAttempts = 1 },
        input = new
        {
            method = "POST",
            url = fixture.Target.Url(path),
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{secrets.api_token}}", ["X-Echo"] = "{{secrets.api_token}}" },
            body = new { token = "{{secrets.api_token}}", note = "hello" },
        },
    };

    /// <summary>The run's status, steps, outputs, errors and every event, as raw JSON text: the value is in none of them.</summary>
    private static async Task AssertNowhereInRecordAsync(WorkflowClient client, Guid runId, string value)
    {
        foreach (var path in new[] { $"/api/v1/runs/{runId}", $"/api/v1/runs/{runId}/events", $"/api/v1/runs?limit=100" })
        {
            var response = await client.SendAsync(HttpMethod.Get, path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"{path} holds the secret: {text}");
        }
    }

    internal static string NewValue() => "sk-test-" + Guid.NewGuid().ToString("N");
}
