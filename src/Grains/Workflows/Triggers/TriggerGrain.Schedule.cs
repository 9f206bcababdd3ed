using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Abstractions.Workflows.Triggers;

namespace PowerAutomation.Grains.Workflows.Triggers;

/// <summary>
/// Schedules: a reminder (kept in Redis, so it outlives any silo) ticks every minute, aligned to the minute
/// (<see cref="WorkflowOptions.ScheduleTickPeriod"/>), and each tick fires the latest due occurrence after the last one fired. The occurrence names the run, and is
/// recorded after the run starts: a tick repeated after a crash in between starts nothing new.
/// </summary>
public sealed partial class TriggerGrain
{
    public const string ScheduleReminder = "schedule";

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) =>
        reminderName == ScheduleReminder ? Tick() : Task.CompletedTask;

    public async Task Tick()
    {
        if (!Live || state.State.Spec!.Type != TriggerTypes.Schedule)
        {
            await DisarmScheduleAsync(); // A reminder outliving its trigger (deleted while a tick was on its way).
            return;
        }

        var spec = state.State.Spec;
        var calendar = ScheduleCalendar.Parse(spec.Cron, spec.Timezone).Calendar!;
        var now = clock.Time.GetUtcNow();
        if (calendar.LatestDue(state.State.LastOccurrence ?? state.State.CreatedAt, now) is not { } due)
        {
            return;
        }

        var runId = IdempotentStarts.Derive($"pa.trigger.schedule\n{TriggerId:N}\n{due.UtcTicks}");
        if (spec.Overlap == OverlapPolicies.Skip && state.State.LastRunId is { } previous && previous != runId
            && await GrainFactory.GetGrain<IWorkflowRunGrain>(runId).Get(state.State.OwnerId) is null
            && await GrainFactory.GetGrain<IWorkflowRunGrain>(previous).Get(state.State.OwnerId) is { } running
            && !RunStatuses.IsFinished(running.Status))
        {
            state.State.Fires.Add(new TriggerFire(now, null, TriggerErrors.Overlap));
            TrimFires();
        }
        else
        {
            var input = new JsonObject { ["scheduledAt"] = due.ToString("O"), ["firedAt"] = now.ToString("O"), ["triggerId"] = TriggerId.ToString() };
            await FireAsync(runId, input.ToJsonString());
        }

        state.State.LastOccurrence = due;
        await state.WriteStateAsync();
    }

    private async Task ArmScheduleAsync()
    {
        // The first tick just after the next minute boundary (so that minute's occurrence is due), then every period.
        var period = options.Value.ScheduleTickPeriod;
        var now = TimeProvider.System.GetUtcNow();
        var first = period == TimeSpan.FromMinutes(1)
            ? TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute) + TimeSpan.FromMilliseconds(200)
            : period;
        await this.RegisterOrUpdateReminder(ScheduleReminder, first, period);
    }

    private async Task DisarmScheduleAsync()
    {
        if (await this.GetReminder(ScheduleReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void TrimFires()
    {
        if (state.State.Fires.Count > RecentFires)
        {
            state.State.Fires.RemoveRange(0, state.State.Fires.Count - RecentFires);
        }
    }
}
