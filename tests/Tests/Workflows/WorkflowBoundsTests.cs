using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows;

/// <summary>
/// Issue 11: values a run holds are bounded where they are produced (size, depth, valid text), delays are bounded at
/// save, and a run that hits a bound fails with a clear code while staying readable.
/// </summary>
[Collection(WorkflowsCollection.Name)]
public sealed class WorkflowBoundsTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task DoublingValues_FailTheStepThatWouldPassMaxValueBytes_AndTheRunStaysSmallAndReadable()
    {
        // s0 is 1 KiB; each next step holds two copies of the one before: s10 would be just over 1 MiB.
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var steps = new List<object> { new { id = "s0", type = "transform", input = new { value = new string('x', 1024) } } };
        for (var i = 1; i <= 14; i++)
        {
            var previous = $"{{{{steps.s{i - 1}.output}}}}";
            steps.Add(new { id = $"s{i}", type = "transform", input = new { value = new[] { previous, previous } }, dependsOn = new[] { $"s{i - 1}" } });
        }

        var workflowId = await client.CreateWorkflowAsync(new { name = "doubling", steps });
        var runId = await client.StartRunAsync(workflowId);
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal(("value_too_large", "s10"), (run["error"]!["code"]!.GetValue<string>(), run["error"]!["stepId"]!.GetValue<string>()));
        Assert.Equal("succeeded", WorkflowClient.Step(run, "s9")["status"]!.GetValue<string>());
        Assert.Equal("pending", WorkflowClient.Step(run, "s11")["status"]!.GetValue<string>());

        // Every step's output up to s9 together is under 1 MiB; the events add each step's input once more.
        var document = await (await client.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}")).Content.ReadAsStringAsync();
        Assert.True(document.Length < 1536 * 1024, $"the run document is {document.Length} characters");
        var events = await (await client.SendAsync(HttpMethod.Get, $"/api/v1/runs/{runId}/events")).Content.ReadAsStringAsync();
        Assert.True(events.Length < 3 * 1024 * 1024, $"the events are {events.Length} characters");
    }

    [Fact]
    public async Task DeepNesting_FailsTheStepThatWouldNestPastMaxValueDepth_AndTheRunStaysReadable()
    {
        // Each step wraps the one before in an array, and its input wraps that in {value: [...]}: s32's input would nest
        // 33 levels, past the default 32.
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var steps = new List<object> { new { id = "s0", type = "transform", input = new { value = 1 } } };
        for (var i = 1; i < 70; i++)
        {
            steps.Add(new { id = $"s{i}", type = "transform", input = new { value = new[] { $"{{{{steps.s{i - 1}.output}}}}" } }, dependsOn = new[] { $"s{i - 1}" } });
        }

        var workflowId = await client.CreateWorkflowAsync(new { name = "nesting", steps });
        var runId = await client.StartRunAsync(workflowId);
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal(("value_too_deep", "s32"), (run["error"]!["code"]!.GetValue<string>(), run["error"]!["stepId"]!.GetValue<string>()));
        Assert.Equal("succeeded", WorkflowClient.Step(run, "s31")["status"]!.GetValue<string>());
        var events = await client.GetEventsAsync(runId);
        Assert.Equal("run_failed", events[^1]!["type"]!.GetValue<string>());
        Assert.Equal("failed", WorkflowClient.Status(await client.GetRunAsync(runId)));
    }

    [Fact]
    public async Task RunInputAndSignalPayloads_PastTheValueBounds_Are400_AndChangeNothing()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new { name = "bounded input", steps = new object[] { new { id = "a", type = "wait.signal", input = new { name = "go" } } } });
        var deep = new string('[', 40) + new string(']', 40);

        var start = await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, $$"""{"input":{{deep}}}"""));
        await start.AssertProblemAsync(HttpStatusCode.BadRequest, "value_too_deep");

        var runId = await client.StartRunAsync(workflowId);
        var signal = await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/go", client.Token, $$"""{"payload":{{deep}}}"""));
        await signal.AssertProblemAsync(HttpStatusCode.BadRequest, "value_too_deep");

        Assert.Equal("waiting", WorkflowClient.Status(await client.GetRunAsync(runId)));
        Assert.Equal(2, (await client.GetEventsAsync(runId)).Count);
        var usage = await (await client.SendAsync(HttpMethod.Get, "/api/v1/me/quota")).Content.ReadAsStringAsync();
        Assert.Equal(1, JsonNode.Parse(usage)!.AsArray().Single(u => u!["kind"]!.GetValue<string>() == "workflow_runs")!["used"]!.GetValue<long>());
    }

    public static TheoryData<string, string, string, string> OutOfBoundDefinitions() => new()
    {
        { "delay past MaxDelay", """{"name":"w","steps":[{"id":"nap","type":"delay","input":{"duration":"P60D"}}]}""", "nap", "invalid_workflow" },
        { "delay in seconds past MaxDelay", """{"name":"w","steps":[{"id":"nap","type":"delay","input":{"duration":31536000}}]}""", "nap", "invalid_workflow" },
        { "input nested past MaxValueDepth", """{"name":"w","steps":[{"id":"deep","type":"transform","input":{"value":""" + new string('[', 40) + new string(']', 40) + "}}]}", "deep", "invalid_workflow" },
        { "maxAttempts as a string", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"retry":{"maxAttempts":"3"}}]}""", "a", "invalid_json" },
        { "backoffFactor as a string", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"retry":{"maxAttempts":3,"backoffFactor":"2"}}]}""", "a", "invalid_json" },
        { "initialDelay as a string", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"retry":{"maxAttempts":3,"initialDelay":"5"}}]}""", "a", "invalid_json" },
        { "timeout as a string", """{"name":"w","steps":[{"id":"a","type":"transform","input":{"value":1},"timeout":"30"}]}""", "a", "invalid_json" },
        { "duration as a string", """{"name":"w","steps":[{"id":"a","type":"delay","input":{"duration":"30"}}]}""", "a", "invalid_json" },
        { "insert.at as a string", """{"name":"w","steps":[{"id":"a","type":"document.edit","input":{"documentId":"00000000-0000-0000-0000-000000000001","insert":{"at":"0","text":"x"}}}]}""", "a", "invalid_json" },
        { "maxTokens as a string", """{"name":"w","steps":[{"id":"a","type":"ai.chat","input":{"model":"m","messages":[{"role":"user","content":"hi"}],"maxTokens":"5"}}]}""", "a", "invalid_json" },
    };

    [Theory]
    [MemberData(nameof(OutOfBoundDefinitions))]
    public async Task CreateWorkflow_OutOfBoundsOrNumbersAsStrings_Is400NamingTheStep(string why, string definition, string step, string code)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var response = await client.Http.SendAsync(Raw(HttpMethod.Post, "/api/v1/workflows", client.Token, definition));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(step == problem.GetProperty("step").GetString(), $"{why}: {problem}");
    }

    [Fact]
    public async Task StartRun_VersionAsAString_IsInvalidJson()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new { name = "v", steps = new object[] { new { id = "a", type = "transform", input = new { value = 1 } } } });
        var response = await client.Http.SendAsync(Raw(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", client.Token, """{"version":"1"}"""));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task TemplatedDelay_PastMaxDelay_FailsTheStep_AndTheRunStaysReadable()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new { name = "long nap", steps = new object[] { new { id = "nap", type = "delay", input = new { duration = "{{input.wait}}" } } } });

        var runId = await client.StartRunAsync(workflowId, new { wait = "P60D" });
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal(("invalid_step_input", "nap"), (run["error"]!["code"]!.GetValue<string>(), run["error"]!["stepId"]!.GetValue<string>()));
        Assert.Contains("Workflows:MaxDelay", run["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DelayOfTwentyNineDays_IsArmedInLegs_AndFinishesWhenTheClockGetsThere()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var workflowId = await client.CreateWorkflowAsync(new { name = "month", steps = new object[] { new { id = "nap", type = "delay", input = new { duration = "P29D" } } } });
        var runId = await client.StartRunAsync(workflowId);
        Assert.Equal("waiting", WorkflowClient.Status(await client.GetRunAsync(runId)));

        // Day by day: each leg of the timer fires, finds the delay not yet due, and arms the next.
        for (var day = 1; day < 29; day++)
        {
            fixture.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal("waiting", WorkflowClient.Status(await client.GetRunAsync(runId)));
        }

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var run = await client.WaitFinishedAsync(runId);
        Assert.Equal("succeeded", WorkflowClient.Status(run));
    }

    public static TheoryData<string, string, byte[]> UnstorableBodies() => new()
    {
        { "text that is not UTF-8", "text/plain", [0x61, 0xff, 0xfe, 0x62] },
        { "text with U+0000", "text/plain", "a\0b"u8.ToArray() },
        { "JSON with an escaped lone surrogate", "application/json", Encoding.UTF8.GetBytes("""{"x":"\ud800"}""") },
        { "JSON with an escaped U+0000", "application/json", Encoding.UTF8.GetBytes("""{"x":"a\u0000b"}""") },
    };

    [Theory]
    [MemberData(nameof(UnstorableBodies))]
    public async Task HttpRequest_AnsweredWithWhatIsNotText_FailsTheStepWithInvalidText(string why, string contentType, byte[] body)
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/odd/{Guid.NewGuid():N}";
        fixture.Target.Answer(path, contentType, body);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "odd answer",
            steps = new object[]
            {
                new { id = "call", type = "http.request", input = new { method = "GET", url = fixture.Target.Url(path) }, retry = new { maxAttempts = 3, initialDelay = "PT1S" } },
            },
        });

        var runId = await client.StartRunAsync(workflowId);
        var run = await client.WaitFinishedAsync(runId);

        Assert.True(WorkflowClient.Status(run) == "failed", $"{why}: {run}");
        Assert.Equal(("invalid_text", "call"), (run["error"]!["code"]!.GetValue<string>(), run["error"]!["stepId"]!.GetValue<string>()));
        Assert.Single(fixture.Target.HitsOn(path)); // Not retried: the same answer would come again.
    }

    private static HttpRequestMessage Raw(HttpMethod method, string path, string token, string json)
    {
        var request = ApiClient.Authorized(method, path, token);
        request.Content = ApiClient.RawJson(json);
        return request;
    }
}
