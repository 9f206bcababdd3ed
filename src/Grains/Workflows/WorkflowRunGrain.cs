using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Engine;
using PowerAutomation.Grains.Workflows.Steps;

namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// One run. Non-reentrant: every change is one turn that records its events durably, then applies them, then acts
/// on them, so a step starts only after the results it depends on are recorded and a recorded result is never
/// recorded again. Side-effecting steps run off the grain and report back with <see cref="CompleteStep"/>; reads
/// interleave. On activation the run is rebuilt from its history and carries on where the history says.
/// </summary>
public sealed partial class WorkflowRunGrain(
    IWorkflowStore store,
    StepExecutors executors,
    WorkflowClock clock,
    IOptions<WorkflowOptions> options,
    ILogger<WorkflowRunGrain> logger) : Grain, IWorkflowRunGrain, IRemindable
{
    private const string WakeReminder = "wake";

    private readonly RunLimits _limits = RunLimits.From(options.Value);
    private readonly RunEngine _engine = new(executors, RunLimits.From(options.Value));
    private readonly Dictionary<string, CancellationTokenSource> _inFlight = [];
    private readonly List<TaskCompletionSource> _finishWaiters = [];
    private RunState _state = null!;
    private RunIndexEntry? _index;
    private ITimer? _timer;
    private DateTimeOffset? _timerFiresAt;
    private DateTimeOffset? _reminderFiresAt;

    private Guid RunId => this.GetPrimaryKey();

    /// <summary>
    /// Workflow time to the microsecond, PostgreSQL's precision: what a turn records is exactly what a replay of the
    /// stored history (and a read of its events) gives back.
    /// </summary>
    private DateTimeOffset Now => clock.Time.GetUtcNow() is var now ? now.AddTicks(-(now.UtcTicks % 10)) : default;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The history is replayed, not kept: GetEvents reads pages of it from PostgreSQL when asked.
        _state = RunState.Replay(RunId, await store.LoadAsync(RunId, cancellationToken));
        if (_state.IsStarted && !_state.IsFinished)
        {
            // Whatever was in flight when the last activation ended carries on (same attempt, same idempotency key).
            this.AsReference<IWorkflowRunGrain>().Wake().Ignore();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopEverything();
        return Task.CompletedTask;
    }

    public async Task<string?> Start(RunStart start)
    {
        if (_state.IsStarted)
        {
            return WorkflowErrors.AlreadyStarted;
        }

        var (definition, _) = WorkflowDefinitionParser.Parse(start.DefinitionJson);
        if (definition is null)
        {
            return WorkflowErrors.InvalidWorkflow;
        }

        JsonNode? input;
        try
        {
            input = ReadValue(start.InputJson, "The run's input");
        }
        catch (ValueRefusedException refused)
        {
            return refused.Error.Code;
        }

        await AppendAsync(_engine.Begin(RunId, start, definition, input, Now));
        await ReconcileAsync();
        if (!_state.IsFinished)
        {
            // Steps unblocked by the first batch start in a turn of their own, after the caller has its answer.
            this.AsReference<IWorkflowRunGrain>().Wake().Ignore();
        }

        return null;
    }

    public Task<RunView?> Get(Guid callerId) => Task.FromResult(IsVisibleTo(callerId) ? View() : null);

    public async Task<RunView?> WaitUntilFinished(Guid callerId, TimeSpan wait)
    {
        if (!IsVisibleTo(callerId))
        {
            return null;
        }

        if (!_state.IsFinished && wait > TimeSpan.Zero)
        {
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _finishWaiters.Add(finished);
            await Task.WhenAny(finished.Task, Task.Delay(wait));
            _finishWaiters.Remove(finished);
        }

        return View();
    }

    public async Task<IReadOnlyList<RunEvent>?> GetEvents(Guid callerId, int after, int limit) =>
        IsVisibleTo(callerId) ? await store.LoadAsync(RunId, after, Math.Clamp(limit, 1, 1000)) : null;

    public async Task<string?> Cancel(Guid callerId)
    {
        if (RefusalOfOpen(callerId) is { } refusal)
        {
            return refusal;
        }

        await AppendAsync(_engine.Cancel(_state, Now));
        await ReconcileAsync();
        return null;
    }

    public async Task<string?> Pause(Guid callerId)
    {
        if (RefusalOfOpen(callerId) is { } refusal)
        {
            return refusal;
        }

        await AppendAsync(RunEngine.Pause(_state, Now));
        await ReconcileAsync();
        return null;
    }

    public async Task<string?> Resume(Guid callerId)
    {
        if (RefusalOfOpen(callerId) is { } refusal)
        {
            return refusal;
        }

        await AppendAsync(RunEngine.Resume(_state, Now));
        await DriveAsync();
        return null;
    }

    public async Task<string?> Retry(Guid callerId)
    {
        if (!IsVisibleTo(callerId))
        {
            return WorkflowErrors.NotFound;
        }

        if (_state.Outcome != RunStatuses.Failed)
        {
            return WorkflowErrors.RunNotFailed;
        }

        if (_state.LastSeq >= options.Value.MaxEventsPerRun)
        {
            return WorkflowErrors.TooManyEvents;
        }

        await AppendAsync(RunEngine.Retry(_state, Now));
        await DriveAsync();
        return null;
    }

    public async Task<string?> Signal(Guid callerId, string name, string payloadJson)
    {
        if (RefusalOfOpen(callerId) is { } refusal)
        {
            return refusal;
        }

        if (_state.LastSeq >= options.Value.MaxEventsPerRun)
        {
            return WorkflowErrors.TooManyEvents;
        }

        JsonNode? payload;
        long size;
        try
        {
            payload = ReadValue(payloadJson, "The signal's payload");
            size = ValueMeter.Measure(payload, _limits.MaxValueBytes, _limits.MaxValueDepth, "The signal's payload");
        }
        catch (ValueRefusedException refused)
        {
            return refused.Error.Code;
        }

        // Recorded twice when a step takes it (the signal, the step's output): refused rather than ending the run.
        if (_state.HistoryBytes + 2 * size > _limits.MaxHistoryBytes)
        {
            return WorkflowErrors.RunTooLarge;
        }

        await AppendAsync(_engine.Signal(_state, name, payload, Now));
        await DriveAsync();
        return null;
    }

    public async Task Wake()
    {
        if (!_state.IsStarted)
        {
            DeactivateOnIdle(); // Woken for a run that was never recorded: nothing to do, nothing to keep.
            return;
        }

        await DriveAsync();
    }

    public async Task CompleteStep(StepCompletion completion)
    {
        if (_inFlight.Remove(FlightKey(completion.StepId, completion.Attempt), out var flight))
        {
            flight.Dispose();
        }

        if (!_state.IsStarted)
        {
            return;
        }

        await AppendAsync(_engine.Complete(_state, completion, Now));
        await DriveAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!_state.IsStarted || _state.IsFinished)
        {
            await ForgetReminderAsync(evenIfUnknown: true);
            return;
        }

        // A tick means a reminder exists; the reconcile after driving keeps, re-arms or drops it.
        _reminderFiresAt ??= DateTimeOffset.MinValue;
        await DriveAsync();
    }

    /// <summary>A value from a caller (run input, signal payload), refused when over the value bounds or not text.</summary>
    private JsonNode? ReadValue(string json, string what)
    {
        var value = ValueMeter.Parse(json, _limits, what);
        ValueMeter.Measure(value, _limits.MaxValueBytes, _limits.MaxValueDepth, what);
        return value;
    }

    private bool IsVisibleTo(Guid callerId) => _state.IsStarted && _state.OwnerId == callerId;

    /// <summary>Why a change to a run under way is refused: not the caller's (or no such run), or finished already.</summary>
    private string? RefusalOfOpen(Guid callerId) =>
        !IsVisibleTo(callerId) ? WorkflowErrors.NotFound : _state.IsFinished ? WorkflowErrors.RunFinished : null;

    /// <summary>Records what the engine decides until nothing more can happen now, then acts on it.</summary>
    private async Task DriveAsync()
    {
        // Each round records at least one transition of a finite set of steps, so this ends; the bound is a guard.
        for (var round = 0; round < 4 * _state.Definition.Steps.Count + 4; round++)
        {
            var events = _engine.Plan(_state, Now);
            if (events.Count == 0)
            {
                break;
            }

            await AppendAsync(events);
        }

        await ReconcileAsync();
    }

    /// <summary>Durable first, then applied: readers never see what a crash could take back.</summary>
    private async Task AppendAsync(IReadOnlyList<RunEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var next = _state.Clone();
        foreach (var e in events)
        {
            next.Apply(e);
        }

        var index = IndexOf(next);
        var indexChanged = _index is null || _index.Status != index.Status || _index.SweepAfter != index.SweepAfter;
        try
        {
            await store.AppendAsync(RunId, events, indexChanged ? index : null);
        }
        catch (Exception exception)
        {
            // Whether the write landed is unknown: start again from what the database says.
            LogAppendFailed(exception, RunId);
            DeactivateOnIdle();
            throw;
        }

        _state = next;
        if (indexChanged)
        {
            _index = index;
        }

        CancelChildrenOf(events);
    }

    /// <summary>A cancelled <c>workflow.run</c> step takes its child run with it (best effort, once the cancellation is recorded).</summary>
    private void CancelChildrenOf(IReadOnlyList<RunEvent> events)
    {
        foreach (var e in events)
        {
            if (e is { Type: RunEventTypes.StepCancelled, StepId: { } stepId, Attempt: { } attempt }
                && _state.Step(stepId).Definition.Type == StepTypes.WorkflowRun)
            {
                GrainFactory.GetGrain<IWorkflowRunGrain>(WorkflowRunStep.ChildRunId(RunId, stepId, attempt)).Cancel(_state.OwnerId).Ignore();
            }
        }
    }

    private RunIndexEntry IndexOf(RunState state)
    {
        var now = Now;
        var grace = options.Value.SweepGrace;
        DateTimeOffset? sweepAfter = state.IsFinished ? null
            : state.Steps.Any(s => s.Status == RunStatuses.Running) ? now + grace
            : RunEngine.NextWake(state) is { } wake ? wake + grace
            : null; // Waiting only for signals: a signal wakes it, nothing else needs to.
        return new RunIndexEntry(RunId, state.WorkflowId, state.Version, state.OwnerId, state.Status, state.CreatedAt, now, sweepAfter, state.FinishedAt);
    }

    private static string FlightKey(string stepId, int attempt) => $"{stepId}#{attempt}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording events of run {RunId} failed; the run reloads from its history")]
    private partial void LogAppendFailed(Exception exception, Guid runId);
}
