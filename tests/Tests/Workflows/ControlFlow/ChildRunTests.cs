using System.Net;
using System.Text.Json.Nodes;

namespace PowerAutomation.Tests.Workflows.ControlFlow;

/// <summary><c>workflow.run</c>: a child run's output becomes the step's; its failure fails the step; cancelling the parent cancels it; depth is bounded.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class ChildRunTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task AChildRun_GivesItsOutputToTheParent_AndIsLinkedToIt()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var child = await client.CreateWorkflowAsync(new
        {
            name = "shout", steps = new object[] { new { id = "loud", type = "transform", input = new { value = new { shout = "{{input.word}}!" } } } },
        });
        var parent = await client.CreateWorkflowAsync(new
        {
            name = "calls shout",
            steps = new object[]
            {
                new { id = "call", type = "workflow.run", input = new { workflowId = child.ToString(), input = new { word = "{{input.word}}" } } },
                new { id = "after", type = "transform", input = new { value = "{{steps.call.output.shout}}" }, dependsOn = new[] { "call" } },
            },
        });

        var runId = await client.StartRunAsync(parent, new { word = "hello" });
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("succeeded", WorkflowClient.Status(run));
        Assert.Equal("hello!", run["output"]!.GetValue<string>());
        var childRun = await OnlyRunOfAsync(client, child);
        var started = (await client.GetEventsAsync(childRun)).First(e => e!["type"]!.GetValue<string>() == "run_started")!;
        Assert.Equal(runId, started["data"]!["parentRunId"]!.GetValue<Guid>());
        Assert.Equal(1, started["data"]!["depth"]!.GetValue<int>());
    }

    [Fact]
    public async Task AFailingChild_FailsTheParentsStep_WithTheChildsError()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var child = await client.CreateWorkflowAsync(new
        {
            name = "breaks", steps = new object[] { new { id = "check", type = "if", input = new { condition = "{{ input.count > 1 }}" } } },
        });
        var parent = await client.CreateWorkflowAsync(new
        {
            name = "calls breaks", steps = new object[] { new { id = "call", type = "workflow.run", input = new { workflowId = child.ToString() } } },
        });

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(parent));

        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Equal(("child_run_failed", "call"), (run["error"]!["code"]!.GetValue<string>(), run["error"]!["stepId"]!.GetValue<string>()));
        Assert.Contains("template_unresolved", run["error"]!["message"]!.GetValue<string>());
        Assert.Equal("failed", WorkflowClient.Status(await client.GetRunAsync(await OnlyRunOfAsync(client, child))));
    }

    [Fact]
    public async Task CancellingTheParent_CancelsTheChild()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var child = await client.CreateWorkflowAsync(new
        {
            name = "waits", steps = new object[] { new { id = "hold", type = "wait.signal", input = new { name = "go" } } },
        });
        var parent = await client.CreateWorkflowAsync(new
        {
            name = "calls waits", steps = new object[] { new { id = "call", type = "workflow.run", input = new { workflowId = child.ToString() } } },
        });
        var runId = await client.StartRunAsync(parent);
        Guid childRun = default;
        await PowerAutomation.Tests.Infrastructure.Processes.WaitUntilAsync(async () =>
            (await RunsOfAsync(client, child)) is [var only] && (childRun = only) != default, TimeSpan.FromSeconds(20), "the child run to start");
        await client.WaitForRunAsync(childRun, r => WorkflowClient.Step(r, "hold")["status"]!.GetValue<string>() == "waiting", "the child to wait");

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/cancel")).StatusCode);

        Assert.Equal("cancelled", WorkflowClient.Status(await client.WaitFinishedAsync(runId)));
        Assert.Equal("cancelled", WorkflowClient.Status(await client.WaitFinishedAsync(childRun)));
    }

    [Fact]
    public async Task AWorkflowThatRunsItself_StopsAtTheDepthBound()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "recurses", steps = new object[] { new { id = "noop", type = "transform", input = new { value = 1 } } },
        });
        var saved = await client.SendAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}", new
        {
            name = "recurses", steps = new object[] { new { id = "again", type = "workflow.run", input = new { workflowId = workflowId.ToString() } } },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var run = await client.WaitFinishedAsync(await client.StartRunAsync(workflowId), seconds: 60);

        Assert.Equal("failed", WorkflowClient.Status(run));
        Assert.Contains("run_depth_exceeded", run["error"]!["message"]!.GetValue<string>());
        Assert.Equal(6, (await RunsOfAsync(client, workflowId)).Count); // the top run and 5 levels of children
    }

    private static async Task<List<Guid>> RunsOfAsync(WorkflowClient client, Guid workflowId) =>
        await Triggers.ScheduleTriggerTests.RunIdsAsync(client, workflowId);

    private static async Task<Guid> OnlyRunOfAsync(WorkflowClient client, Guid workflowId) => Assert.Single(await RunsOfAsync(client, workflowId));
}
