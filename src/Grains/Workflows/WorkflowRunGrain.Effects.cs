using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Engine;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Grains.Workflows;

/// <summary>Acting on recorded state: launching side-effecting steps, arming timers and reminders, views.</summary>
public sealed partial class WorkflowRunGrain
{
    /// <summary>Makes the process match the history: what should run runs, what should be awaited has a timer.</summary>
    private async Task ReconcileAsync()
    {
        if (_state.IsStarted && _state.Definition.Steps.Any(s => s.Type == StepTypes.Approval))
        {
            try
            {
                await SyncInboxesAsync();
            }
            catch (Exception exception)
            {
                // Inboxes are derived from the history: the next turn (or activation) puts them right.
                LogInboxSyncFailed(exception, RunId);
                _inboxesSynced = false;
                _inboxed.Clear();
            }
        }

        if (_state.IsFinished)
        {
            StopEverything();
            foreach (var waiter in _finishWaiters)
            {
                waiter.TrySetResult();
            }

            await ForgetReminderAsync();
            return;
        }

        foreach (var step in _state.Steps.Where(s => s.Status == RunStatuses.Running && !_inFlight.ContainsKey(FlightKey(s.Id, s.Attempt))))
        {
            var executor = executors.For(step.Definition.Type);
            if (executor.HasSideEffects)
            {
                Launch(executor, step);
            }
        }

        var wake = RunEngine.NextWake(_state);
        ArmTimer(wake);
        var now = Now;
        if (wake is { } due && due - now > options.Value.ReminderThreshold)
        {
            // A long wait: the reminder wakes the run on time even if it has left memory (or its silo) meanwhile.
            if (!WakeSchedule.StillServes(_reminderFiresAt, due, now))
            {
                var dueIn = WakeSchedule.ArmFor(due, now, WakeSchedule.LongestReminder);
                await this.RegisterOrUpdateReminder(WakeReminder, dueIn, options.Value.SweepPeriod);
                _reminderFiresAt = due - now > dueIn ? now + dueIn : due;
            }
        }
        else
        {
            await ForgetReminderAsync();
        }
    }

    private void Launch(IStepExecutor executor, StepRun step)
    {
        var flight = new CancellationTokenSource();
        _inFlight[FlightKey(step.Id, step.Attempt)] = flight;

        // The deadline counts from the recorded start, so an attempt resumed after a crash does not get a fresh one.
        var timeout = step.Definition.Timeout ?? options.Value.DefaultStepTimeout;
        var remaining = (step.StartedAt ?? Now) + timeout - Now;
        DelayDeactivation(remaining > TimeSpan.Zero ? remaining + TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(1));
        var context = new StepContext(RunId, step.Id, step.Attempt, _state.OwnerId, step.Input?.DeepClone(),
            IdempotencyKeys.For(RunId, step.Id, step.Attempt), Now)
        {
            Depth = _state.Depth,
            Deadline = Now + (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero),
        };
        var self = this.AsReference<IWorkflowRunGrain>();
        var time = clock.Time;
        _ = Task.Run(() => ExecuteAsync(executor, context, remaining, flight.Token, self, time));
    }

    /// <summary>Runs off the grain's scheduler; the grain hears the result as a message, like anyone else's.</summary>
    private async Task ExecuteAsync(IStepExecutor executor, StepContext context, TimeSpan remaining, CancellationToken stopped,
        IWorkflowRunGrain self, TimeProvider time)
    {
        StepCompletion completion;
        using var timeout = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopped, timeout.Token);
        try
        {
            var outcome = await executor.ExecuteAsync(context, linked.Token);
            completion = outcome switch
            {
                // Refused here too, so an oversized output never travels to the grain.
                StepOutcome.Completed done when ValueMeter.Check(done.Output, _limits, "The step's output") is { } refused =>
                    new StepCompletion(context.StepId, context.Attempt, null, refused with { StepId = context.StepId }, false),
                StepOutcome.Completed done => new StepCompletion(context.StepId, context.Attempt, done.Output?.ToJsonString() ?? "null", null, false),
                StepOutcome.Failed failed => new StepCompletion(context.StepId, context.Attempt, null, failed.Error, failed.Retryable),
                _ => new StepCompletion(context.StepId, context.Attempt, null,
                    new RunError(WorkflowErrors.ExecutorFailed, $"{executor.Type} cannot wait.", context.StepId), false),
            };
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            return; // The run was cancelled or left this silo; whoever carries it on decides.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            completion = new StepCompletion(context.StepId, context.Attempt, null,
                new RunError(WorkflowErrors.StepTimeout, "The step did not finish within its timeout.", context.StepId), true);
        }
        catch (Exception exception)
        {
            LogExecutorFailed(exception, context.RunId, context.StepId);
            completion = new StepCompletion(context.StepId, context.Attempt, null,
                new RunError(WorkflowErrors.ExecutorFailed, exception.Message, context.StepId), true);
        }

        try
        {
            await self.CompleteStep(completion);
        }
        catch (Exception exception)
        {
            // Not recorded: the step is still "running" in the history, so the next activation runs it again with
            // the same idempotency key.
            LogCompletionLost(exception, context.RunId, context.StepId);
        }
    }

    /// <summary>A grain-owned timer on the workflow clock; its due time is in the history, so a crash loses nothing.</summary>
    private void ArmTimer(DateTimeOffset? due)
    {
        var now = Now;
        if (due is { } wanted ? WakeSchedule.StillServes(_timerFiresAt, wanted, now) : _timer is null)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        _timerFiresAt = null;
        if (due is { } at)
        {
            var self = this.AsReference<IWorkflowRunGrain>();
            var delay = WakeSchedule.ArmFor(at, now, WakeSchedule.LongestTimer);
            _timerFiresAt = at - now > delay ? now + delay : at; // A leg fires early; the last fires for the wake itself.
            _timer = clock.Time.CreateTimer(_ => self.Wake().Ignore(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Drops the wake reminder when this activation set one (or, from a reminder tick, whatever is there).</summary>
    private async Task ForgetReminderAsync(bool evenIfUnknown = false)
    {
        if (_reminderFiresAt is null && !evenIfUnknown)
        {
            return;
        }

        if (await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderFiresAt = null;
    }

    private void StopEverything()
    {
        foreach (var flight in _inFlight.Values)
        {
            flight.Cancel();
            flight.Dispose();
        }

        _inFlight.Clear();
        _timer?.Dispose();
        _timer = null;
        _timerFiresAt = null;
    }

    private RunView View() => new(
        RunId,
        _state.WorkflowId,
        _state.Version,
        _state.Status,
        _state.Steps.Select(s => new StepView(s.Id, s.Definition.Type, s.Status, s.Attempt, s.Status == RunStatuses.Succeeded ? Json(s.Output) : null,
            s.Error, s.Status == RunStatuses.Waiting ? s.WaitUntil : null)).ToList(),
        _state.Outcome == RunStatuses.Succeeded ? Json(_state.Output) : null,
        _state.Error,
        _state.CreatedAt,
        _state.FinishedAt,
        _state.Paused);

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the approval inboxes of run {RunId} failed; retried on its next turn")]
    private partial void LogInboxSyncFailed(Exception exception, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {StepId} of run {RunId} threw")]
    private partial void LogExecutorFailed(Exception exception, Guid runId, string stepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of step {StepId} of run {RunId} could not be reported; it will run again")]
    private partial void LogCompletionLost(Exception exception, Guid runId, string stepId);
}
