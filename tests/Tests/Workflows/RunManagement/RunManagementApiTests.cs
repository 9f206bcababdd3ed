using System.Net;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.RunManagement;

/// <summary>Pause, resume and retry through the HTTP API on a real cluster, against the fake HTTP target.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class RunManagementApiTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task Pause_LetsTheStepUnderWayFinish_StartsNothingNew_UntilResume()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/slow/{Guid.NewGuid():N}";
        fixture.Target.Hold(path);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "fetch then shape",
            steps = new object[]
            {
                new { id = "fetch", type = "http.request", input = new { method = "GET", url = fixture.Target.Url(path) } },
                new { id = "shape", type = "transform", input = new { value = "{{steps.fetch.output.status}}" }, dependsOn = new[] { "fetch" } },
            },
        });
        var runId = await client.StartRunAsync(workflowId);
        await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "fetch")["status"]!.GetValue<string>() == "running", "fetch to be under way");

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/pause")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/pause")).StatusCode); // twice is once
        fixture.Target.Release(path);
        var paused = await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "fetch")["status"]!.GetValue<string>() == "succeeded",
            "the step under way to finish while paused");
        Assert.True(paused["paused"]!.GetValue<bool>());
        Assert.Equal("pending", WorkflowClient.Step(paused, "shape")["status"]!.GetValue<string>());
        Assert.Equal("pending", (await client.GetRunAsync(runId))["steps"]![1]!["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/resume")).StatusCode);
        var done = await client.WaitFinishedAsync(runId);
        Assert.Equal("succeeded", WorkflowClient.Status(done));
        Assert.False(done["paused"]!.GetValue<bool>());
        Assert.Equal(200, done["output"]!.GetValue<int>());
        var events = (await client.GetEventsAsync(runId)).Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.True(events.IndexOf("run_paused") < events.IndexOf("run_resumed"), string.Join(",", events));
        Assert.Single(events, t => t == "run_paused");

        var finished = await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/pause");
        await finished.AssertProblemAsync(HttpStatusCode.Conflict, "run_finished");
    }

    [Fact]
    public async Task Retry_GoesOnFromTheFailedStep_WithANewAttemptAndKey_KeepingWhatSucceeded()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/flaky/{Guid.NewGuid():N}";
        var firstPath = $"/once/{Guid.NewGuid():N}";
        fixture.Target.FailNext(path, 1);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "retry me",
            steps = new object[]
            {
                new { id = "first", type = "http.request", input = new { method = "POST", url = fixture.Target.Url(firstPath) } },
                new { id = "flaky", type = "http.request", input = new { method = "POST", url = fixture.Target.Url(path) }, dependsOn = new[] { "first" } },
                new { id = "after", type = "transform", input = new { value = "{{steps.flaky.output.status}}" }, dependsOn = new[] { "flaky" } },
            },
        });
        var runId = await client.StartRunAsync(workflowId);
        var failed = await client.WaitFinishedAsync(runId);
        Assert.Equal("failed", WorkflowClient.Status(failed));
        Assert.Equal("flaky", failed["error"]!["stepId"]!.GetValue<string>());

        // Only a failed run can be retried; this one can.
        var other = await client.StartRunAsync(await client.CreateWorkflowAsync(new
        {
            name = "fine", steps = new object[] { new { id = "s", type = "transform", input = new { value = 1 } } },
        }));
        await client.WaitFinishedAsync(other);
        await (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{other}/retry")).AssertProblemAsync(HttpStatusCode.Conflict, "run_not_failed");

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/retry")).StatusCode);
        var done = await client.WaitFinishedAsync(runId);

        Assert.Equal("succeeded", WorkflowClient.Status(done));
        Assert.Null(done["error"]);
        Assert.Equal(2, WorkflowClient.Step(done, "flaky")["attempts"]!.GetValue<int>());
        Assert.Equal(1, WorkflowClient.Step(done, "first")["attempts"]!.GetValue<int>());
        // The step that had succeeded was not sent again; the failed one was, under a new attempt's key.
        Assert.Single(fixture.Target.Hits, h => h.Path == firstPath);
        Assert.Equal([$"{runId:N}.flaky.1", $"{runId:N}.flaky.2"], fixture.Target.Hits.Where(h => h.Path == path).Select(h => h.IdempotencyKey));
    }
}
