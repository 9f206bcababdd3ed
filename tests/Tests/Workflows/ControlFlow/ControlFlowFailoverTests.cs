using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Workflows.ControlFlow;

/// <summary>
/// Silo processes killed with SIGKILL, first while a foreach's elements are in flight, then while a child run's step
/// is: the sweep carries both runs on elsewhere, and the parent finishes exactly once with one child.
/// </summary>
public sealed class ControlFlowFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillSilos_DuringAForeachAndDuringAChildRun_TheParentCompletesExactlyOnce()
    {
        await using var target = await FakeHttpTarget.StartAsync();
        await using var cluster = await ProcessCluster.CreateAsync();
        var first = await cluster.StartSiloAsync("silo-a", WorkflowFailoverTests.SiloSettings);
        var http = await cluster.StartGatewayAsync("gateway");
        var client = await WorkflowClient.SignUpAsync(http);
        var child = await client.CreateWorkflowAsync(new
        {
            name = "child", steps = new object[] { new { id = "call", type = "http.request", input = new { method = "GET", url = target.Url("/child") } } },
        });
        var parent = await client.CreateWorkflowAsync(new
        {
            name = "parent",
            steps = new object[]
            {
                new
                {
                    id = "each", type = "foreach",
                    input = new { items = new[] { 0, 1, 2 }, concurrency = 3, step = new { type = "http.request", input = new { method = "GET", url = target.Url("/each/{{index}}") } } },
                },
                new { id = "run", type = "workflow.run", dependsOn = new[] { "each" }, input = new { workflowId = child.ToString() } },
            },
        });

        // Element 1 hangs; silo-a dies with all three elements sent.
        target.Hold("/each/1");
        var runId = await client.StartRunAsync(parent);
        await Processes.WaitUntilAsync(() => Task.FromResult(Enumerable.Range(0, 3).All(i => target.HitsOn($"/each/{i}").Count >= 1)),
            TimeSpan.FromSeconds(30), "the three elements to be sent");
        var second = await cluster.StartSiloAsync("silo-b", WorkflowFailoverTests.SiloSettings);
        await cluster.WaitForActiveSilosAsync(2);
        target.Hold("/child");
        first.Kill();
        output.WriteLine("killed silo-a during the foreach");
        target.Release("/each/1");

        // The foreach is resumed on silo-b (same keys); then the child's request hangs there and silo-b dies too.
        await Processes.WaitUntilAsync(() => Task.FromResult(target.HitsOn("/child").Count >= 1), TimeSpan.FromSeconds(60), "the child run's request");
        await cluster.StartSiloAsync("silo-c", WorkflowFailoverTests.SiloSettings);
        await cluster.WaitForActiveSilosAsync(2);
        second.Kill();
        output.WriteLine("killed silo-b during the child run");
        target.Release("/child");

        JsonObject? run = null;
        await Processes.WaitUntilAsync(async () => (run = await client.TryGetRunAsync(runId, wait: 5)) is not null && WorkflowClient.Status(run) == "succeeded",
            TimeSpan.FromSeconds(90), "the parent to succeed on silo-c");

        var events = await client.GetEventsAsync(runId);
        Assert.Single(events, e => e!["type"]!.GetValue<string>() == "run_succeeded");
        foreach (var step in new[] { "each", "run" })
        {
            Assert.Single(events, e => e!["type"]!.GetValue<string>() == "step_succeeded" && e["stepId"]!.GetValue<string>() == step);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.All(target.HitsOn($"/each/{i}"), hit => Assert.Equal($"{runId:N}.each[{i}].1", hit.IdempotencyKey));
        }

        var childRuns = await Triggers.ScheduleTriggerTests.RunIdsAsync(client, child);
        var childRun = Assert.Single(childRuns);
        Assert.Equal("succeeded", WorkflowClient.Status(await client.GetRunAsync(childRun)));
        Assert.All(target.HitsOn("/child"), hit => Assert.Equal($"{childRun:N}.call.1", hit.IdempotencyKey));
    }
}
