using System.Net;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.ControlFlow;

/// <summary>An <c>if</c> through the HTTP API on a real cluster: the run branches on an HTTP answer and says which steps it skipped.</summary>
[Collection(WorkflowsCollection.Name)]
public sealed class IfStepRunTests(WorkflowsFixture fixture)
{
    [Fact]
    public async Task Run_BranchesOnAFetchedValue_SkipsTheOtherBranch_AndEventsSayWhy()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var path = $"/status/{Guid.NewGuid():N}";
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "branch on a status",
            steps = new object[]
            {
                new { id = "fetch", type = "http.request", input = new { method = "GET", url = fixture.Target.Url(path) } },
                new { id = "ok", type = "if", input = new { condition = "{{ steps.fetch.output.status == 200 and exists(steps.fetch.output.body.greeting) }}" }, dependsOn = new[] { "fetch" } },
                new { id = "failed", type = "if", input = new { condition = "{{ steps.fetch.output.status != 200 }}" }, dependsOn = new[] { "fetch" } },
                new { id = "greet", type = "transform", input = new { value = "{{steps.fetch.output.body.greeting}}, {{input.who}}" }, dependsOn = new[] { "ok" } },
                new { id = "alert", type = "transform", input = new { value = "down" }, dependsOn = new[] { "failed" } },
            },
        });

        var runId = await client.StartRunAsync(workflowId, new { who = "Ada" });
        var run = await client.WaitFinishedAsync(runId);

        Assert.Equal("succeeded", WorkflowClient.Status(run));
        var statuses = run["steps"]!.AsArray().ToDictionary(s => s!["id"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["fetch"] = "succeeded", ["ok"] = "succeeded", ["failed"] = "succeeded", ["greet"] = "succeeded", ["alert"] = "skipped" },
            statuses);
        Assert.False(WorkflowClient.Step(run, "failed")["output"]!["result"]!.GetValue<bool>());
        Assert.StartsWith("hello", run["output"]!["greet"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(run["output"]!["alert"]);
        var events = await client.GetEventsAsync(runId);
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "step_skipped" && e["stepId"]!.GetValue<string>() == "alert");
    }

    [Fact]
    public async Task Definition_WithAMalformedCondition_IsRefusedWhenSaved_NamingTheStep()
    {
        var client = await WorkflowClient.SignUpAsync(fixture.CreateClient());
        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/workflows", new
        {
            name = "bad",
            steps = new object[] { new { id = "check", type = "if", input = new { condition = "{{ input.n >> 3 }}" } } },
        });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_workflow");
        Assert.Contains("check", problem.ToString(), StringComparison.Ordinal);
    }
}
