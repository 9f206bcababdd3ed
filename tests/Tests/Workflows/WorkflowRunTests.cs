using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>
/// Runs through the HTTP API on a real cluster (PostgreSQL, Redis), with workflow time on a fake clock: delays and
/// retry backoff happen exactly when the test moves the clock.
/// </summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowRunTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task HttpTransformEdit_WithDelayAndSignal_CompletesWithEachStepExecutedOnce()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var documentId = await CreateDocumentAsync(client, "notes.md", "the end");
        var path = $"/fetch/{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "fetch, approve, wait, write",
            steps = new object[]
            {
                new { id = "fetch", type = "http.request", input = new { method = "GET", url = fixture.Target.Url(path) } },
                new { id = "approve", type = "wait.signal", input = new { name = "approve" }, dependsOn = new[] { "fetch" } },
                new { id = "pause", type = "delay", input = new { duration = "PT30S" }, dependsOn = new[] { "approve" } },
                new
                {
                    id = "shape", type = "transform", dependsOn = new[] { "pause" },
                    input = new { value = new { text = "{{steps.fetch.output.body.greeting}} ({{steps.approve.output.by}})", status = "{{steps.fetch.output.status}}" } },
                },
                new
                {
                    id = "save", type = "document.edit", dependsOn = new[] { "shape" },
                    input = new { documentId = "{{input.documentId}}", insert = new { at = 0, text = "{{steps.shape.output.text}}: " } },
                },
            },
        });

        var runId = await client.StartRunAsync(workflowId, new { documentId });
        var waiting = await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "approve")["status"]!.GetValue<string>() == "waiting", "the run to wait for 'approve'");
        Assert.Equal("waiting", WorkflowClient.Status(waiting));
        Assert.Equal(200, WorkflowClient.Step(waiting, "fetch")["output"]!["status"]!.GetValue<int>());

        var signal = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/approve", new { payload = new { by = "ada" } });
        Assert.Equal(HttpStatusCode.Accepted, signal.StatusCode);
        var delayed = await client.GetRunAsync(runId);
        Assert.Equal("waiting", WorkflowClient.Step(delayed, "pause")["status"]!.GetValue<string>());
        Assert.Equal("pending", WorkflowClient.Step(delayed, "save")["status"]!.GetValue<string>());

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal(1, run["output"]!["revision"]!.GetValue<int>());
        Assert.Equal("hello from the target (ada)", WorkflowClient.Step(run, "shape")["output"]!["text"]!.GetValue<string>());
        Assert.Equal(200, WorkflowClient.Step(run, "shape")["output"]!["status"]!.GetValue<int>());
        Assert.All(run["steps"]!.AsArray(), step => Assert.Equal(1, step!["attempts"]!.GetValue<int>()));
        var document = await (await client.SendAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("hello from the target (ada): the end", document!["content"]!.GetValue<string>());

        var hit = Assert.Single(fixture.Target.HitsOn(path));
        Assert.Equal($"{runId:N}.fetch.1", hit.IdempotencyKey);
        var events = await client.GetEventsAsync(runId);
        foreach (var step in new[] { "fetch", "approve", "pause", "shape", "save" })
        {
            Assert.Single(events, e => e!["type"]!.GetValue<string>() == "step_succeeded" && e["stepId"]!.GetValue<string>() == step);
        }

        Assert.Equal("run_succeeded", events[^1]!["type"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e!["seq"]!.GetValue<int>()));
    }

    [Fact]
    public async Task FailingStep_IsRetriedWithExponentialBackoffOnTheWorkflowClock_UntilItSucceeds()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/flaky/{Guid.NewGuid():N}";
        fixture.Target.FailNext(path, 2);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "flaky",
            steps = new object[]
            {
                new
                {
                    id = "call", type = "http.request", input = new { method = "POST", url = fixture.Target.Url(path), body = new { hello = "{{input.who}}" } },
                    retry = new { maxAttempts = 3, initialDelay = "PT10S", backoffFactor = 3 },
                },
            },
        });

        var runId = await client.StartRunAsync(workflowId, new { who = "world" });
        var first = await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "call")["status"]!.GetValue<string>() == "waiting", "the first attempt to fail");
        Assert.Equal(1, WorkflowClient.Step(first, "call")["attempts"]!.GetValue<int>());
        Assert.Equal("http_failed", WorkflowClient.Step(first, "call")["error"]!["code"]!.GetValue<string>());

        // 9 s is not yet the 10 s backoff: nothing happens.
        fixture.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, WorkflowClient.Step(await client.GetRunAsync(runId), "call")["attempts"]!.GetValue<int>());
        Assert.Single(fixture.Target.HitsOn(path));

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "call") is var s && s["attempts"]!.GetValue<int>() == 2
            && s["status"]!.GetValue<string>() == "waiting", "the second attempt to fail");

        // The second wait is 10 s × 3.
        fixture.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, fixture.Target.HitsOn(path).Count);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal(3, WorkflowClient.Step(run, "call")["attempts"]!.GetValue<int>());
        Assert.Equal("{\"hello\":\"world\"}", run["output"]!["body"]!["received"]!.GetValue<string>());
        Assert.Equal([$"{runId:N}.call.1", $"{runId:N}.call.2", $"{runId:N}.call.3"], fixture.Target.HitsOn(path).Select(h => h.IdempotencyKey));

        var events = await client.GetEventsAsync(runId);
        var starts = events.Where(e => e!["type"]!.GetValue<string>() == "step_started").Select(e => e!["timestamp"]!.GetValue<DateTimeOffset>()).ToList();
        var retries = events.Where(e => e!["type"]!.GetValue<string>() == "step_attempt_failed").Select(e => e!["data"]!["retryAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)], retries.Select((retryAt, i) => retryAt - starts[i]));
        Assert.Equal(retries, starts.Skip(1));
    }

    [Fact]
    public async Task FailingStep_WithNoAttemptsLeft_FailsTheRunNamingTheStep()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/down/{Guid.NewGuid():N}";
        fixture.Target.FailNext(path, 10);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "down",
            steps = new object[]
            {
                new { id = "call", type = "http.request", input = new { method = "GET", url = fixture.Target.Url(path) }, retry = new { maxAttempts = 2, initialDelay = "PT1S" } },
                new { id = "after", type = "transform", input = new { value = 1 }, dependsOn = new[] { "call" } },
            },
        });

        var runId = await client.StartRunAsync(workflowId);
        await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "call")["status"]!.GetValue<string>() == "waiting", "the first attempt to fail");
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal("call", run["error"]!["stepId"]!.GetValue<string>());
        Assert.Equal("http_failed", run["error"]!["code"]!.GetValue<string>());
        Assert.Equal("failed", WorkflowClient.Step(run, "call")["status"]!.GetValue<string>());
        Assert.Equal("pending", WorkflowClient.Step(run, "after")["status"]!.GetValue<string>());
        Assert.Equal(2, fixture.Target.HitsOn(path).Count);
    }

    [Fact]
    public async Task Signal_SentBeforeTheStepWaits_IsKeptForIt_AndAFinishedRunRefusesSignals()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "early signal",
            steps = new object[]
            {
                new { id = "gate", type = "delay", input = new { duration = "PT10S" } },
                new { id = "go", type = "wait.signal", input = new { name = "go" }, dependsOn = new[] { "gate" } },
            },
        });

        var runId = await client.StartRunAsync(workflowId);
        var bad = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/no%20spaces", new { payload = 1 });
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var early = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/go", new { payload = new { n = 1 } });
        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        Assert.Equal("waiting", WorkflowClient.Step(await client.GetRunAsync(runId), "gate")["status"]!.GetValue<string>());

        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var run = await client.WaitFinishedAsync(runId);
        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal(1, run["output"]!["n"]!.GetValue<int>());

        var late = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/go", new { payload = 2 });
        await late.AssertProblemAsync(HttpStatusCode.Conflict, "run_finished");
    }

    [Fact]
    public async Task Cancel_DuringADelay_StopsTheRun_AndNothingAfterItRuns()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/never/{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "cancel me",
            steps = new object[]
            {
                new { id = "sleep", type = "delay", input = new { duration = "PT1H" } },
                new { id = "call", type = "http.request", input = new { method = "GET", url = fixture.Target.Url(path) }, dependsOn = new[] { "sleep" } },
            },
        });

        var runId = await client.StartRunAsync(workflowId);
        var waiting = await client.GetRunAsync(runId);
        Assert.Equal("waiting", WorkflowClient.Status(waiting));
        Assert.NotNull(WorkflowClient.Step(waiting, "sleep")["waitingUntil"]);

        var cancel = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/cancel");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await client.GetRunAsync(runId);
        Assert.Equal("cancelled", WorkflowClient.Status(run));
        Assert.Equal("cancelled", WorkflowClient.Step(run, "sleep")["status"]!.GetValue<string>());

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal("cancelled", WorkflowClient.Status(await client.GetRunAsync(runId)));
        Assert.Empty(fixture.Target.HitsOn(path));
        var again = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/cancel");
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "run_finished");
        var events = await client.GetEventsAsync(runId);
        Assert.Equal(["run_started", "step_started", "step_cancelled", "run_cancelled"], events.Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FanOut_RunsIndependentStepsAtTheSameTime_AndTheJoinSeesAllTheirOutputs()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var (left, right) = ($"/left/{Guid.NewGuid():N}", $"/right/{Guid.NewGuid():N}");
        fixture.Target.Hold(left);
        fixture.Target.Hold(right);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "fan out",
            steps = new object[]
            {
                new { id = "start", type = "transform", input = new { value = new { n = "{{input.n}}" } } },
                new { id = "left", type = "http.request", input = new { method = "POST", url = fixture.Target.Url(left), body = "{{steps.start.output}}" }, dependsOn = new[] { "start" } },
                new { id = "right", type = "http.request", input = new { method = "POST", url = fixture.Target.Url(right), body = "{{steps.start.output}}" }, dependsOn = new[] { "start" } },
                new { id = "middle", type = "transform", input = new { value = "n is {{steps.start.output.n}}" }, dependsOn = new[] { "start" } },
                new
                {
                    id = "join", type = "transform", dependsOn = new[] { "left", "right", "middle" },
                    input = new { value = new { left = "{{steps.left.output.body.path}}", right = "{{steps.right.output.body.path}}", middle = "{{steps.middle.output}}" } },
                },
            },
        });

        var runId = await client.StartRunAsync(workflowId, new { n = 7 });

        // Both calls are in flight at once: each target holds its answer until both have arrived.
        await Processes.WaitUntilAsync(() => Task.FromResult(fixture.Target.HitsOn(left).Count == 1 && fixture.Target.HitsOn(right).Count == 1),
            TimeSpan.FromSeconds(20), "both branches to call out");
        var running = await client.GetRunAsync(runId);
        Assert.Equal("running", WorkflowClient.Step(running, "left")["status"]!.GetValue<string>());
        Assert.Equal("running", WorkflowClient.Step(running, "right")["status"]!.GetValue<string>());
        Assert.Equal("succeeded", WorkflowClient.Step(running, "middle")["status"]!.GetValue<string>());
        Assert.Equal("pending", WorkflowClient.Step(running, "join")["status"]!.GetValue<string>());
        Assert.Equal("{\"n\":7}", fixture.Target.HitsOn(left)[0].Body);

        fixture.Target.Release(left);
        fixture.Target.Release(right);
        var run = await client.WaitFinishedAsync(runId);
        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal(left, run["output"]!["left"]!.GetValue<string>());
        Assert.Equal(right, run["output"]!["right"]!.GetValue<string>());
        Assert.Equal("n is 7", run["output"]!["middle"]!.GetValue<string>());
    }

    [Fact]
    public async Task HttpRequest_ToAHostNotAllowed_FailsTheStepWithoutRetrying()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "outside",
            steps = new object[]
            {
                new { id = "call", type = "http.request", input = new { method = "GET", url = "http://example.com/" }, retry = new { maxAttempts = 5 } },
            },
        });

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId));
        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal("host_not_allowed", WorkflowClient.Step(run, "call")["error"]!["code"]!.GetValue<string>());
        Assert.Equal(1, WorkflowClient.Step(run, "call")["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task NewVersion_RunsStartedEarlierKeepTheirVersion()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        object Definition(string word) => new
        {
            name = "versions",
            steps = new object[]
            {
                new { id = "wait", type = "wait.signal", input = new { name = "go" } },
                new { id = "say", type = "transform", input = new { value = word }, dependsOn = new[] { "wait" } },
            },
        };

        var workflowId = await client.CreateWorkflowAsync(Definition("one"));
        var first = await client.StartRunAsync(workflowId);
        var saved = await client.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}", Definition("two"));
        Assert.Equal(2, (await saved.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>());
        var second = await client.StartRunAsync(workflowId);
        foreach (var runId in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/go")).StatusCode);
        }

        var (a, b) = (await client.WaitFinishedAsync(first), await client.WaitFinishedAsync(second));
        Assert.Equal(("one", 1), (a["output"]!.GetValue<string>(), a["version"]!.GetValue<int>()));
        Assert.Equal(("two", 2), (b["output"]!.GetValue<string>(), b["version"]!.GetValue<int>()));
        var v1 = await (await client.SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}?version=1")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("one", v1!["steps"]![1]!["input"]!["value"]!.GetValue<string>());
        Assert.Equal(2, v1["latestVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Template_ThatPointsAtNothing_FailsTheStepWithTheTemplate()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "missing",
            steps = new object[] { new { id = "say", type = "transform", input = new { value = "{{input.absent.deeper}}" } } },
        });

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { present = 1 }));
        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal("template_unresolved", run["error"]!["code"]!.GetValue<string>());
        Assert.Contains("{{input.absent.deeper}}", run["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AiChat_GoesThroughTheModelRouter_AndChargesTheOwnersAiQuotas()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "ask",
            steps = new object[]
            {
                new
                {
                    id = "ask", type = "ai.chat",
                    input = new { model = "wf-model", maxTokens = 50, messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Say hi to {{input.who}}" } } },
                },
                new { id = "unknown", type = "ai.chat", input = new { model = "no-such-model", messages = new[] { new { role = "user", content = "hi" } } }, dependsOn = new[] { "ask" } },
            },
        });

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId, new { who = "Ada" }));

        var ask = WorkflowClient.Step(run, "ask");
        Assert.Equal("succeeded", ask["status"]!.GetValue<string>());
        Assert.Equal("Hello from wf-ai", ask["output"]!["content"]!.GetValue<string>());
        Assert.Equal(18, ask["output"]!["usage"]!["totalTokens"]!.GetValue<long>());
        Assert.Contains("Say hi to Ada", fixture.Model.LastBody!["messages"]!.ToJsonString());
        Assert.Equal("ai_failed", WorkflowClient.Step(run, "unknown")["error"]!["code"]!.GetValue<string>());
        Assert.Equal("failed", WorkflowClient.Status(run));

        var usage = await (await client.SendAsync(HttpMethod.Get, "/api/v1/me/quota")).Content.ReadFromJsonAsync<JsonArray>();
        long Used(string kind) => usage!.Single(u => u!["kind"]!.GetValue<string>() == kind)!["used"]!.GetValue<long>();
        Assert.Equal((1, 18), (Used("ai_requests"), Used("ai_tokens")));
    }

    internal static async Task<Guid> CreateDocumentAsync(WorkflowClient client, string path, string content)
    {
        var project = await client.SendAsync(HttpMethod.Post, "/api/v1/projects", new { name = "workflows" });
        var projectId = (await project.Content.ReadFromJsonAsync<JsonObject>())!["projectId"]!.GetValue<Guid>();
        var document = await client.SendAsync(HttpMethod.Post, $"/api/v1/projects/{projectId}/documents", new { path, content });
        Assert.Equal(HttpStatusCode.Created, document.StatusCode);
        return (await document.Content.ReadFromJsonAsync<JsonObject>())!["documentId"]!.GetValue<Guid>();
    }
}
