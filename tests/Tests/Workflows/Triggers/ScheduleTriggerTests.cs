using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;
using PowerAutomation.Tests.Infrastructure;

namespace PowerAutomation.Tests.Workflows.Triggers;

/// <summary>
/// A cluster whose schedule reminders tick every second (Orleans' reminders, for real) while workflow time is fake,
/// so a test moves the calendar and watches the reminders fire; a second silo can take over from the first.
/// </summary>
public sealed class ScheduleClusterFixture : WorkflowsFixture
{
    internal static readonly string[] Ticking = ["--Workflows:ScheduleTickPeriod=00:00:01", "--Runtime:Reminders:MinimumReminderPeriod=00:00:01"];

    protected override string[] SiloArguments() => [.. base.SiloArguments(), .. Ticking];

    public Task StartSecondSiloAsync() => StartSiloAsync([.. base.SiloArguments(), .. Ticking]);
}

/// <summary>A schedule fires by itself, once per occurrence, through a silo going away; an outage's missed fires run once.</summary>
public sealed class ScheduleTriggerTests(ScheduleClusterFixture fixture) : IClassFixture<ScheduleClusterFixture>
{
    [Fact]
    public async Task EveryMinute_FiresOncePerMinute_AcrossASiloLeaving_AndAnOutageRunsOnce()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var workflowId = await client.CreateWorkflowAsync(WebhookTriggerTests.Echo);
        var trigger = await WebhookTriggerTests.CreateAsync(client, workflowId, new { type = "schedule", cron = "* * * * *", timezone = "Europe/Berlin" });
        var triggerId = trigger["triggerId"]!.GetValue<Guid>();
        Assert.Equal("skip", trigger["overlap"]!.GetValue<string>());
        var next = trigger["nextFireAt"]!.GetValue<DateTimeOffset>();

        // The next minute comes: the reminder fires it, once, with its scheduled time as input.
        fixture.Clock.SetUtcNow(next.AddSeconds(1));
        var first = await WaitForRunsAsync(client, workflowId, 1);
        var run = await client.WaitFinishedAsync(first[0]);
        Assert.Equal(next, run["output"]!["scheduledAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(triggerId, run["output"]!["triggerId"]!.GetValue<Guid>());

        // A tick asked for again (as a reminder delivered twice would) fires nothing more.
        await fixture.Cluster.GetGrain<ITriggerGrain>(triggerId).Tick();
        Assert.Single(await RunIdsAsync(client, workflowId));

        // The silo that held the trigger leaves; the reminder goes on from the other one.
        await fixture.StartSecondSiloAsync();
        await fixture.Silo.StopAsync();

        // Three minutes pass while nothing ticks them: one fire on recovery, for the latest minute.
        fixture.Clock.SetUtcNow(next.AddMinutes(3).AddSeconds(1));
        var second = await WaitForRunsAsync(client, workflowId, 2);
        Assert.Equal(next.AddMinutes(3), (await client.WaitFinishedAsync(second[0]))["output"]!["scheduledAt"]!.GetValue<DateTimeOffset>());
        await fixture.Cluster.GetGrain<ITriggerGrain>(triggerId).Tick();
        Assert.Equal(2, (await RunIdsAsync(client, workflowId)).Count);

        var fires = Assert.Single(await WebhookTriggerTests.ListAsync(client, workflowId))!["recentFires"]!.AsArray();
        Assert.Equal(2, fires.Count);
        Assert.All(fires, f => Assert.NotNull(f!["runId"]));

        // Deleted, it fires no more however much time passes.
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/triggers/{triggerId}")).StatusCode);
        fixture.Clock.SetUtcNow(next.AddMinutes(10));
        await fixture.Cluster.GetGrain<ITriggerGrain>(triggerId).Tick();
        Assert.Equal(2, (await RunIdsAsync(client, workflowId)).Count);
    }

    [Fact]
    public async Task AFireWhileThePreviousRunIsGoing_IsSkipped_AndRecorded()
    {
        var client = await WorkflowClient.LicensedAsync(fixture);
        var workflowId = await client.CreateWorkflowAsync(new
        {
            name = "waits", steps = new object[] { new { id = "hold", type = "wait.signal", input = new { name = "go" } } },
        });
        var trigger = await WebhookTriggerTests.CreateAsync(client, workflowId, new { type = "schedule", cron = "* * * * *" });
        var triggerId = trigger["triggerId"]!.GetValue<Guid>();
        var next = trigger["nextFireAt"]!.GetValue<DateTimeOffset>();

        fixture.Clock.SetUtcNow(next.AddSeconds(1));
        var first = (await WaitForRunsAsync(client, workflowId, 1))[0];
        fixture.Clock.SetUtcNow(next.AddMinutes(1).AddSeconds(1));
        await fixture.Cluster.GetGrain<ITriggerGrain>(triggerId).Tick();

        var fires = Assert.Single(await WebhookTriggerTests.ListAsync(client, workflowId))!["recentFires"]!.AsArray();
        Assert.Equal("overlap", fires[^1]!["error"]!.GetValue<string>());
        Assert.Equal([first], await RunIdsAsync(client, workflowId));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/triggers/{triggerId}")).StatusCode);
    }

    private static async Task<List<Guid>> WaitForRunsAsync(WorkflowClient client, Guid workflowId, int count)
    {
        List<Guid> runs = [];
        await Processes.WaitUntilAsync(async () => (runs = await RunIdsAsync(client, workflowId)).Count >= count,
            TimeSpan.FromSeconds(30), $"{count} scheduled run(s)");
        Assert.Equal(count, runs.Count);
        return runs;
    }

    /// <summary>The workflow's runs, newest first.</summary>
    internal static async Task<List<Guid>> RunIdsAsync(WorkflowClient client, Guid workflowId)
    {
        var page = await (await client.SendAsync(HttpMethod.Get, $"/api/v1/runs?workflowId={workflowId}")).Content.ReadFromJsonAsync<JsonObject>();
        return page!["items"]!.AsArray().Select(r => r!["runId"]!.GetValue<Guid>()).ToList();
    }
}
