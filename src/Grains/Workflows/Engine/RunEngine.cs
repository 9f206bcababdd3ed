using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>
/// Decides what happens next in a run, as events, from the durable state and the time now. Pure: the grain records
/// the events, applies them once durable, and performs what they imply (launching side-effecting steps, timers).
/// Each call looks only at recorded results, so a step never starts before the results it depends on are recorded.
/// Every value it records is within <see cref="RunLimits"/>, and a run whose history would pass its bounds fails.
/// </summary>
public sealed class RunEngine(StepExecutors executors, RunLimits limits)
{
    /// <summary>The run's first events: its start (with the definition it keeps) and what can start at once.</summary>
    public IReadOnlyList<RunEvent> Begin(Guid runId, RunStart start, WorkflowDefinition definition, JsonNode? input, DateTimeOffset now)
    {
        var started = new RunEvent(1, RunEventTypes.RunStarted, null, null, now, new JsonObject
        {
            ["workflowId"] = start.WorkflowId,
            ["version"] = start.Version,
            ["ownerId"] = start.OwnerId,
            ["input"] = input?.DeepClone(),
            ["definition"] = WorkflowDefinitionJson.ToNode(definition),
            ["parentRunId"] = start.ParentRunId,
            ["depth"] = start.Depth,
        }.ToJsonString());
        var state = RunState.Replay(runId, [started]);
        return [started, .. Plan(state, now)];
    }

    /// <summary>
    /// Steps whose wait is over or whose dependencies have all succeeded start; a step behind a false <c>if</c> or a
    /// skipped step is skipped (one level per round: the grain plans again until nothing changes); finished runs get their end.
    /// </summary>
    public IReadOnlyList<RunEvent> Plan(RunState state, DateTimeOffset now)
    {
        if (state.IsFinished)
        {
            return [];
        }

        var batch = new RunBatch(state, now, limits);
        foreach (var step in state.Steps)
        {
            switch (step)
            {
                case { Status: RunStatuses.Waiting, Wait: WaitKind.Delay, WaitUntil: { } until } when until <= now:
                    batch.Succeed(step.Id, new JsonObject());
                    break;
                case { Status: RunStatuses.Waiting, Wait: WaitKind.Signal, WaitUntil: { } deadline } when deadline <= now
                    && step.Definition.Type == StepTypes.Approval:
                    TimeOutApproval(batch, step, now);
                    break;
                case { Status: RunStatuses.Waiting, Wait: WaitKind.Signal, WaitUntil: { } deadline } when deadline <= now:
                    batch.AttemptFailed(step.Id, new RunError(WorkflowErrors.StepTimeout, $"No signal '{step.Signal}' arrived within the step's timeout.", step.Id), true);
                    break;
                case { Status: RunStatuses.Waiting, Wait: WaitKind.Retry, WaitUntil: { } retryAt } when retryAt <= now && !state.Paused:
                    StartAttempt(batch, state, step, step.Attempt + 1, now);
                    break;
                case { Status: RunStatuses.Pending } when step.Definition.DependsOn.Any(d => state.Step(d).SkipsDependents):
                    batch.Add(RunEventTypes.StepSkipped, step.Id, null, null);
                    break;
                case { Status: RunStatuses.Pending } when !state.Paused && step.Definition.DependsOn.All(d => state.Step(d).Status == RunStatuses.Succeeded):
                    // A step retried after its run failed goes on from its last attempt's number.
                    StartAttempt(batch, state, step, step.Attempt + 1, now);
                    break;
            }
        }

        batch.Finish();
        return Bounded(state, batch.Events, now);
    }

    /// <summary>An executor's report: recorded when it is about the attempt now running, ignored when stale.</summary>
    public IReadOnlyList<RunEvent> Complete(RunState state, StepCompletion completion, DateTimeOffset now)
    {
        if (state.IsFinished || !state.HasStep(completion.StepId)
            || state.Step(completion.StepId) is not { Status: RunStatuses.Running } step || step.Attempt != completion.Attempt)
        {
            return [];
        }

        var batch = new RunBatch(state, now, limits);
        if (completion.Error is { } error)
        {
            batch.AttemptFailed(step.Id, error with { StepId = step.Id }, completion.Retryable);
        }
        else if (completion.OutputJson is null)
        {
            batch.Succeed(step.Id, null);
        }
        else
        {
            try
            {
                batch.Succeed(step.Id, ValueMeter.Parse(completion.OutputJson, limits, "The step's output"));
            }
            catch (ValueRefusedException refused)
            {
                batch.AttemptFailed(step.Id, refused.Error with { StepId = step.Id }, false);
            }
        }

        batch.Finish();
        return Bounded(state, batch.Events, now);
    }

    /// <summary>A signal is recorded; the first step waiting for its name takes it.</summary>
    public IReadOnlyList<RunEvent> Signal(RunState state, string name, JsonNode? payload, DateTimeOffset now)
    {
        var batch = new RunBatch(state, now, limits);
        batch.Add(RunEventTypes.SignalReceived, null, null, new JsonObject { ["name"] = name, ["payload"] = payload?.DeepClone() });
        if (state.Steps.FirstOrDefault(s => s is { Status: RunStatuses.Waiting, Wait: WaitKind.Signal } && s.Signal == name) is { } waiting)
        {
            batch.Succeed(waiting.Id, payload?.DeepClone());
        }

        batch.Finish();
        return Bounded(state, batch.Events, now);
    }

    /// <summary>
    /// The assignee's decision on a waiting approval: approved, the step succeeds with <c>{approved, comment, by}</c>;
    /// rejected, it fails for good (<c>approval_rejected</c>), so nothing after it runs unless the run is retried.
    /// </summary>
    public IReadOnlyList<RunEvent> DecideApproval(RunState state, string stepId, string by, bool approved, string? comment, DateTimeOffset now)
    {
        var batch = new RunBatch(state, now, limits);
        if (approved)
        {
            batch.Succeed(stepId, new JsonObject { ["approved"] = true, ["comment"] = comment, ["by"] = by });
        }
        else
        {
            batch.AttemptFailed(stepId, new RunError(WorkflowErrors.ApprovalRejected,
                $"Rejected by {by}" + (string.IsNullOrEmpty(comment) ? "." : $": {comment}"), stepId), false);
        }

        batch.Finish();
        return Bounded(state, batch.Events, now);
    }

    /// <summary>An approval past its deadline goes once to its <c>escalateTo</c> with a fresh timeout; after that it fails.</summary>
    private static void TimeOutApproval(RunBatch batch, StepRun step, DateTimeOffset now)
    {
        if (ApprovalStep.EscalationOf(step.Input) is { } escalateTo && escalateTo != step.Assignee
            && ApprovalStep.TimeoutOf(step.Input) is { } timeout)
        {
            batch.Add(RunEventTypes.ApprovalEscalated, step.Id, step.Attempt, new JsonObject
            {
                ["from"] = step.Assignee, ["assignee"] = escalateTo, ["until"] = now + timeout,
            });
            return;
        }

        batch.AttemptFailed(step.Id, new RunError(WorkflowErrors.ApprovalTimedOut,
            $"{step.Assignee} did not decide within the approval's timeout.", step.Id), false);
    }

    /// <summary>Pausing: recorded once; what is under way goes on, nothing new starts (see <see cref="Plan"/>).</summary>
    public static IReadOnlyList<RunEvent> Pause(RunState state, DateTimeOffset now) =>
        state.IsFinished || state.Paused ? [] : [new RunEvent(state.LastSeq + 1, RunEventTypes.RunPaused, null, null, now, null)];

    public static IReadOnlyList<RunEvent> Resume(RunState state, DateTimeOffset now) =>
        state.IsFinished || !state.Paused ? [] : [new RunEvent(state.LastSeq + 1, RunEventTypes.RunResumed, null, null, now, null)];

    /// <summary>A failed run starts again from its failed steps; steps that succeeded keep their results and never run again.</summary>
    public static IReadOnlyList<RunEvent> Retry(RunState state, DateTimeOffset now) =>
        state.Outcome != RunStatuses.Failed ? []
            : [new RunEvent(state.LastSeq + 1, RunEventTypes.RunRetried, null, null, now, new JsonObject
            {
                ["steps"] = new JsonArray([.. state.Steps.Where(s => s.Status is RunStatuses.Failed or RunStatuses.Cancelled).Select(s => (JsonNode)s.Id)]),
            }.ToJsonString())];

    /// <summary>Every running or waiting step is cancelled, then the run.</summary>
    public IReadOnlyList<RunEvent> Cancel(RunState state, DateTimeOffset now)
    {
        var batch = new RunBatch(state, now, limits);
        foreach (var step in state.Steps.Where(s => s.IsActive))
        {
            batch.Add(RunEventTypes.StepCancelled, step.Id, step.Attempt, null);
        }

        batch.Add(RunEventTypes.RunCancelled, null, null, null);
        return batch.Events;
    }

    /// <summary>The earliest time a waiting step needs the run's attention, if any.</summary>
    public static DateTimeOffset? NextWake(RunState state) =>
        state.IsFinished ? null : state.Steps.Where(s => s.Status == RunStatuses.Waiting && s.WaitUntil is not null).Min(s => s.WaitUntil);

    /// <summary>
    /// The events, or, when recording them would take the run past its history bounds, the run's end instead: its
    /// active steps cancelled and the run failed (a few small events, allowed past the bound so the run can end).
    /// </summary>
    private IReadOnlyList<RunEvent> Bounded(RunState state, List<RunEvent> events, DateTimeOffset now)
    {
        if (events.Count == 0 || state.IsFinished)
        {
            return events;
        }

        var error = state.LastSeq + events.Count > limits.MaxEvents
            ? new RunError(WorkflowErrors.TooManyEvents, $"The run would record more than {limits.MaxEvents} events (Workflows:MaxEventsPerRun).", null)
            : state.HistoryBytes + events.Sum(RunState.SizeOf) > limits.MaxHistoryBytes
                ? new RunError(WorkflowErrors.RunTooLarge, $"The run's history would pass {limits.MaxHistoryBytes} bytes (Workflows:MaxRunHistoryBytes).", null)
                : null;
        if (error is null)
        {
            return events;
        }

        var end = new RunBatch(state, now, limits);
        end.Abort(error);
        return end.Events;
    }

    private void StartAttempt(RunBatch batch, RunState state, StepRun step, int attempt, DateTimeOffset now)
    {
        if (step.Definition.Type == StepTypes.If)
        {
            Decide(batch, state, step, attempt);
            return;
        }

        JsonNode? input;
        try
        {
            input = TemplateRenderer.Render(step.Definition.Input, state.Input, id => state.Step(id).Output, limits,
                keepSecrets: step.Definition.Type == StepTypes.HttpRequest);
        }
        catch (Exception exception) when (exception is TemplateException or ValueRefusedException)
        {
            // The same history renders the same way every time: retrying cannot help.
            var error = exception is ValueRefusedException refused ? refused.Error with { StepId = step.Id }
                : new RunError(WorkflowErrors.TemplateUnresolved, exception.Message, step.Id);
            batch.Add(RunEventTypes.StepStarted, step.Id, attempt, null);
            batch.AttemptFailed(step.Id, error, false);
            return;
        }

        var executor = executors.For(step.Definition.Type);
        var key = IdempotencyKeys.For(state.RunId, step.Id, attempt);
        if (executor.HasSideEffects)
        {
            batch.Add(RunEventTypes.StepStarted, step.Id, attempt, new JsonObject { ["input"] = input, ["idempotencyKey"] = key });
            return;
        }

        var pending = executor.ExecuteAsync(new StepContext(state.RunId, step.Id, attempt, state.OwnerId, input, key, now), CancellationToken.None);
        if (!pending.IsCompleted)
        {
            throw new InvalidOperationException($"The {executor.Type} executor has no side effects, so it must answer synchronously.");
        }

        var outcome = pending.Result;
        switch (outcome)
        {
            case StepOutcome.Completed completed:
                batch.Add(RunEventTypes.StepStarted, step.Id, attempt, new JsonObject { ["input"] = input });
                batch.Succeed(step.Id, completed.Output);
                break;
            case StepOutcome.WaitUntil wait:
                batch.Add(RunEventTypes.StepStarted, step.Id, attempt, new JsonObject { ["input"] = input, ["until"] = wait.Until });
                if (wait.Until <= now)
                {
                    batch.Succeed(step.Id, new JsonObject());
                }

                break;
            case StepOutcome.WaitForApproval approval:
                var asked = new JsonObject
                {
                    ["input"] = input, ["signal"] = ApprovalStep.SignalName(step.Id), ["assignee"] = approval.Assignee,
                };
                if (approval.Timeout is { } patience)
                {
                    asked["until"] = now + patience;
                }

                batch.Add(RunEventTypes.StepStarted, step.Id, attempt, asked);
                break;
            case StepOutcome.WaitForSignal wait:
                var data = new JsonObject { ["input"] = input, ["signal"] = wait.Name };
                if (step.Definition.Timeout is { } timeout)
                {
                    data["until"] = now + timeout;
                }

                batch.Add(RunEventTypes.StepStarted, step.Id, attempt, data);
                if (batch.TakeSignal(wait.Name) is { } payload)
                {
                    batch.Succeed(step.Id, payload.Payload?.DeepClone());
                }

                break;
            case StepOutcome.Failed failed:
                batch.Add(RunEventTypes.StepStarted, step.Id, attempt, new JsonObject { ["input"] = input });
                batch.AttemptFailed(step.Id, failed.Error with { StepId = step.Id }, failed.Retryable);
                break;
        }
    }

    /// <summary>An <c>if</c> step: its condition decided now, on recorded values only, so a replay decides the same.</summary>
    private static void Decide(RunBatch batch, RunState state, StepRun step, int attempt)
    {
        var text = step.Definition.Input.TryGetProperty("condition", out var condition) ? condition.GetString() : null;
        batch.Add(RunEventTypes.StepStarted, step.Id, attempt, new JsonObject { ["input"] = new JsonObject { ["condition"] = text } });
        try
        {
            var parsed = StepInputRules.ConditionOf(step.Definition.Input, out var error)
                ?? throw new ConditionException(error!);
            var result = ConditionEvaluator.Decide(parsed, state.Input, id => state.Step(id).Output);
            batch.Succeed(step.Id, new JsonObject { ["result"] = result });
        }
        catch (Exception exception) when (exception is ConditionException or TemplateException)
        {
            var code = exception is TemplateException ? WorkflowErrors.TemplateUnresolved : WorkflowErrors.InvalidCondition;
            batch.AttemptFailed(step.Id, new RunError(code, exception.Message, step.Id), false);
        }
    }
}
