using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// The recovery sweep. A run records when it next expects progress; one that is unfinished well past that was
/// driven by a silo that died (or lost a timer), so the sweep wakes it and it carries on from its history wherever
/// Orleans activates it. Reminders live in Redis, so the sweep itself survives the loss of any silo.
/// </summary>
public sealed partial class WorkflowRecoveryGrain(
    IWorkflowStore store,
    WorkflowClock clock,
    IOptions<WorkflowOptions> options,
    ILogger<WorkflowRecoveryGrain> logger) : Grain, IWorkflowRecoveryGrain, IRemindable
{
    private const string SweepReminder = "sweep";
    private const int BatchSize = 1000;

    public async Task EnsureScheduled()
    {
        // Re-registering on every silo start keeps the period in step with configuration.
        var period = options.Value.SweepPeriod;
        await this.RegisterOrUpdateReminder(SweepReminder, period, period);
    }

    public async Task<int> Sweep()
    {
        var due = await store.DueForSweepAsync(clock.Time.GetUtcNow(), BatchSize);
        foreach (var runId in due)
        {
            GrainFactory.GetGrain<IWorkflowRunGrain>(runId).Wake().Ignore();
        }

        if (due.Count > 0)
        {
            LogWoken(due.Count);
        }

        return due.Count;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Sweep();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery sweep woke {Count} unfinished workflow runs")]
    private partial void LogWoken(int count);
}
