using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PowerAutomation.Tests.Workflows;

/// <summary>
/// Silo processes on the PostgreSQL membership table. The silo running a run is killed with SIGKILL while a step
/// is in flight; the run is picked up by the recovery sweep on the other silo without anyone asking for it, finishes
/// there, and no step whose result was recorded runs again.
/// </summary>
public sealed class WorkflowFailoverTests(ITestOutputHelper output)
{
    /// <summary>Silos that reach the fake target and sweep every 2 s (reminders as often as Orleans allows in tests).</summary>
    internal static readonly string[] SiloSettings =
    [
        "--Workflows:Http:AllowedHosts:0=127.0.0.1",
        "--Workflows:Http:AllowPrivateNetworks=true",
        "--Workflows:SweepPeriod=00:00:02",
        "--Workflows:SweepGrace=00:00:01",
        "--Runtime:Reminders:MinimumReminderPeriod=00:00:01",
    ];

    [Fact]
    public async Task KillSilo_WhileAStepIsInFlight_TheRunFinishesOnAnotherSilo_AndRecordedStepsNeverRunAgain()
    {
        await using var target = await FakeHttpTarget.StartAsync();
        await using var cluster = await ProcessCluster.CreateAsync();
        var first = await cluster.StartSiloAsync("silo-a", SiloSettings);
        var http = await cluster.StartGatewayAsync("gateway");
        var client = await WorkflowClient.SignUpAsync(http);
        var documentId = await WorkflowRunTests.CreateDocumentAsync(client, "log.md", "");
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "survives a dead silo",
            steps = new object[]
            {
                new { id = "fetch", type = "http.request", input = new { method = "GET", url = target.Url("/fetch") } },
                new { id = "approve", type = "wait.signal", input = new { name = "approve" }, dependsOn = new[] { "fetch" } },
                new { id = "pause", type = "delay", input = new { duration = "PT1S" }, dependsOn = new[] { "approve" } },
                new { id = "shape", type = "transform", input = new { value = new { line = "{{steps.fetch.output.body.greeting}}, {{steps.approve.output}}" } }, dependsOn = new[] { "pause" } },
                new { id = "save", type = "document.edit", input = new { documentId = "{{input.documentId}}", insert = new { at = 0, text = "{{steps.shape.output.line}}" } }, dependsOn = new[] { "shape" } },
                new { id = "notify", type = "http.request", input = new { method = "POST", url = target.Url("/notify"), body = "{{steps.save.output}}" }, dependsOn = new[] { "save" } },
            },
        });

        // Only silo-a exists, so the run lives there; it waits for the signal after its first step.
        var runId = await client.StartRunAsync(workflowId, new { documentId });
        await client.WaitForRunAsync(runId, r => WorkflowClient.Step(r, "approve")["status"]!.GetValue<string>() == "waiting", "the run to wait for 'approve'");
        await cluster.StartSiloAsync("silo-b", SiloSettings);
        await cluster.WaitForActiveSilosAsync(2);

        // The notify call hangs, so silo-a dies with it in flight, after every earlier result was recorded.
        target.Hold("/notify");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/runs/{runId}/signals/approve", new { payload = "approved" })).StatusCode);
        await Processes.WaitUntilAsync(() => Task.FromResult(target.HitsOn("/notify").Count == 1), TimeSpan.FromSeconds(30), "the notify call");
        first.Kill();
        output.WriteLine("killed silo-a with notify in flight");

        // Nobody touches the run: the sweep finds it on silo-b and the same attempt is made again.
        target.Release("/notify");
        await Processes.WaitUntilAsync(() => Task.FromResult(target.HitsOn("/notify").Count >= 2), TimeSpan.FromSeconds(60), "the run to resume on silo-b");
        JsonObject? run = null;
        await Processes.WaitUntilAsync(async () => (run = await client.TryGetRunAsync(runId, wait: 5)) is not null && WorkflowClient.Status(run) == "succeeded",
            TimeSpan.FromSeconds(60), "the run to succeed on silo-b");

        Assert.All(run!["steps"]!.AsArray(), step => Assert.Equal(1, step!["attempts"]!.GetValue<int>()));
        Assert.Single(target.HitsOn("/fetch"));
        var notifies = target.HitsOn("/notify");
        Assert.Equal(2, notifies.Count);
        Assert.All(notifies, hit => Assert.Equal($"{runId:N}.notify.1", hit.IdempotencyKey));
        var document = await (await client.SendAsync(HttpMethod.Get, $"/api/v1/documents/{documentId}")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("hello from the target, approved", document!["content"]!.GetValue<string>());
        Assert.Equal(1, document["revision"]!.GetValue<int>());

        var events = await client.GetEventsAsync(runId);
        foreach (var step in new[] { "fetch", "approve", "pause", "shape", "save", "notify" })
        {
            Assert.Single(events, e => e!["type"]!.GetValue<string>() == "step_succeeded" && e["stepId"]!.GetValue<string>() == step);
            Assert.Single(events, e => e!["type"]!.GetValue<string>() == "step_started" && e["stepId"]!.GetValue<string>() == step);
        }
    }
}
