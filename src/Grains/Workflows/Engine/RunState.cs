using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>
/// A run as its event history says, rebuilt by applying events in order. Nothing here decides anything; the
/// <see cref="RunEngine"/> does, and the grain applies its events only once they are durable.
/// </summary>
public sealed class RunState
{
    // Values are bounded far below this where they are produced; a generous reader lets histories recorded before
    // those bounds still replay (and then fail cleanly) instead of keeping their run from ever loading.
    private static readonly JsonDocumentOptions ReplayOptions = new() { MaxDepth = 256 };

    private Dictionary<string, StepRun> _steps = [];
    private List<(string Name, JsonNode? Payload)> _signals = [];

    public Guid RunId { get; private set; }

    public Guid WorkflowId { get; private set; }

    public int Version { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>The run whose <c>workflow.run</c> step started this one, if any, and how deep below a top-level run it is.</summary>
    public Guid? ParentRunId { get; private set; }

    public int Depth { get; private set; }

    public WorkflowDefinition Definition { get; private set; } = new("", []);

    public JsonNode? Input { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>cancelled</c> once finished.</summary>
    public string? Outcome { get; private set; }

    public JsonNode? Output { get; private set; }

    public RunError? Error { get; private set; }

    public int LastSeq { get; private set; }

    /// <summary>Bytes of event data recorded so far, as <see cref="SizeOf"/> counts them.</summary>
    public long HistoryBytes { get; private set; }

    public bool IsStarted => LastSeq > 0;

    public bool IsFinished => Outcome is not null;

    /// <summary>Paused: steps under way finish and waits may end, but no step starts until the run is resumed.</summary>
    public bool Paused { get; private set; }

    /// <summary>Steps in definition order.</summary>
    public IEnumerable<StepRun> Steps => Definition.Steps.Select(s => _steps[s.Id]);

    public StepRun Step(string id) => _steps[id];

    public bool HasStep(string id) => _steps.ContainsKey(id);

    /// <summary>Signals received and not yet taken by a step, oldest first.</summary>
    public IReadOnlyList<(string Name, JsonNode? Payload)> PendingSignals => _signals;

    public string Status =>
        Outcome ?? (Steps.Any(s => s.Status == RunStatuses.Running) ? RunStatuses.Running
            : Steps.Any(s => s.Status == RunStatuses.Waiting) ? RunStatuses.Waiting
            : Steps.All(s => s.Status == RunStatuses.Pending) ? RunStatuses.Pending
            : RunStatuses.Running);

    /// <summary>What an event adds to the run's history: its data as UTF-8.</summary>
    public static long SizeOf(RunEvent e) => e.DataJson is null ? 0 : Encoding.UTF8.GetByteCount(e.DataJson);

    public static RunState Replay(Guid runId, IEnumerable<RunEvent> events)
    {
        var state = new RunState { RunId = runId };
        foreach (var e in events)
        {
            state.Apply(e);
        }

        return state;
    }

    /// <summary>Every (approval step, address) the history ever asked to decide, escalations included.</summary>
    public IReadOnlySet<(string StepId, string Address)> ApprovalAssignees => _assignees;

    private HashSet<(string StepId, string Address)> _assignees = [];

    public RunState Clone()
    {
        var copy = (RunState)MemberwiseClone();
        copy._steps = new Dictionary<string, StepRun>(_steps);
        copy._signals = [.. _signals];
        copy._assignees = [.. _assignees];
        return copy;
    }

    public void Apply(RunEvent e)
    {
        if (e.Seq != LastSeq + 1)
        {
            throw new InvalidOperationException($"Run {RunId}: event {e.Seq} does not follow {LastSeq}.");
        }

        LastSeq = e.Seq;
        HistoryBytes += SizeOf(e);
        var data = e.DataJson is null ? null : JsonNode.Parse(e.DataJson, documentOptions: ReplayOptions) as JsonObject;
        switch (e.Type)
        {
            case RunEventTypes.RunStarted:
                Start(e, data!);
                break;
            case RunEventTypes.StepStarted:
                var until = data?["until"]?.GetValue<DateTimeOffset>();
                var signal = data?["signal"]?.GetValue<string>();
                Update(e.StepId!, step => step with
                {
                    Status = until is not null || signal is not null ? RunStatuses.Waiting : RunStatuses.Running,
                    Attempt = e.Attempt ?? step.Attempt + 1,
                    StartedAt = e.Timestamp,
                    Wait = signal is not null ? WaitKind.Signal : until is not null ? WaitKind.Delay : WaitKind.None,
                    WaitUntil = until,
                    Signal = signal,
                    Input = data?["input"]?.DeepClone(),
                    Error = null,
                    Assignee = data?["assignee"]?.GetValue<string>(),
                    Escalated = false,
                });
                if (data?["assignee"]?.GetValue<string>() is { } asked)
                {
                    _assignees.Add((e.StepId!, asked));
                }

                break;
            case RunEventTypes.StepSucceeded:
                var before = _steps[e.StepId!];
                if (before.Wait == WaitKind.Signal && _signals.FindIndex(s => s.Name == before.Signal) is var taken and >= 0)
                {
                    _signals.RemoveAt(taken);
                }

                Update(e.StepId!, step => step with { Status = RunStatuses.Succeeded, Output = data?["output"]?.DeepClone(), Wait = WaitKind.None, WaitUntil = null });
                break;
            case RunEventTypes.StepAttemptFailed:
                Update(e.StepId!, step => step with
                {
                    Status = RunStatuses.Waiting,
                    Wait = WaitKind.Retry,
                    WaitUntil = data!["retryAt"]!.GetValue<DateTimeOffset>(),
                    Error = ReadError(data, e.StepId),
                });
                break;
            case RunEventTypes.StepFailed:
                Update(e.StepId!, step => step with { Status = RunStatuses.Failed, Wait = WaitKind.None, WaitUntil = null, Error = ReadError(data, e.StepId) });
                break;
            case RunEventTypes.StepCancelled:
                Update(e.StepId!, step => step with { Status = RunStatuses.Cancelled, Wait = WaitKind.None, WaitUntil = null });
                break;
            case RunEventTypes.StepSkipped:
                Update(e.StepId!, step => step with { Status = RunStatuses.Skipped });
                break;
            case RunEventTypes.ApprovalEscalated:
                var escalatedTo = data!["assignee"]!.GetValue<string>();
                Update(e.StepId!, step => step with
                {
                    Assignee = escalatedTo,
                    WaitUntil = data["until"]?.GetValue<DateTimeOffset>(),
                    Escalated = true,
                });
                _assignees.Add((e.StepId!, escalatedTo));
                break;
            case RunEventTypes.SignalReceived:
                _signals.Add((data!["name"]!.GetValue<string>(), data["payload"]?.DeepClone()));
                break;
            case RunEventTypes.RunSucceeded:
                Finish(RunStatuses.Succeeded, e.Timestamp);
                Output = data?["output"]?.DeepClone();
                break;
            case RunEventTypes.RunFailed:
                Finish(RunStatuses.Failed, e.Timestamp);
                Error = ReadError(data, null);
                break;
            case RunEventTypes.RunCancelled:
                Finish(RunStatuses.Cancelled, e.Timestamp);
                break;
            case RunEventTypes.RunPaused:
                Paused = true;
                break;
            case RunEventTypes.RunResumed:
                Paused = false;
                break;
            case RunEventTypes.RunRetried:
                // A failed run goes on from its failed steps (and those cancelled by the failure); their attempts
                // count on, so each new attempt has an idempotency key of its own.
                (Outcome, FinishedAt, Error, Output, Paused) = (null, null, null, null, false);
                foreach (var step in _steps.Values.Where(s => s.Status is RunStatuses.Failed or RunStatuses.Cancelled).ToList())
                {
                    _steps[step.Id] = step with { Status = RunStatuses.Pending, Wait = WaitKind.None, WaitUntil = null, Signal = null };
                }

                break;
            default:
                throw new InvalidOperationException($"Run {RunId}: unknown event type '{e.Type}'.");
        }
    }

    private void Start(RunEvent e, JsonObject data)
    {
        WorkflowId = data["workflowId"]!.GetValue<Guid>();
        Version = data["version"]!.GetValue<int>();
        OwnerId = data["ownerId"]!.GetValue<Guid>();
        Input = data["input"]?.DeepClone();
        ParentRunId = data["parentRunId"] is { } parent ? parent.GetValue<Guid>() : null;
        Depth = data["depth"]?.GetValue<int>() ?? 0;
        CreatedAt = e.Timestamp;
        var (definition, errors) = WorkflowDefinitionParser.Parse(data["definition"]!.ToJsonString());
        Definition = definition ?? throw new InvalidOperationException($"Run {RunId}: recorded definition is invalid: {errors[0].Message}");
        _steps = Definition.Steps.ToDictionary(s => s.Id, StepRun.Pending);
    }

    private void Finish(string outcome, DateTimeOffset at)
    {
        Outcome = outcome;
        FinishedAt = at;
    }

    private void Update(string stepId, Func<StepRun, StepRun> change) => _steps[stepId] = change(_steps[stepId]);

    private static RunError? ReadError(JsonObject? data, string? stepId) =>
        data?["error"] is JsonObject error
            ? new RunError(error["code"]?.GetValue<string>() ?? "error", error["message"]?.GetValue<string>() ?? "", error["stepId"]?.GetValue<string>() ?? stepId)
            : null;
}
