namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>The answer to saving a definition: its id and version, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("pa.WorkflowSaved")]
public sealed record WorkflowSaved(
    [property: Id(0)] Guid WorkflowId,
    [property: Id(1)] int Version,
    [property: Id(2)] IReadOnlyList<DefinitionError> Errors,
    [property: Id(3)] string? Error);

/// <summary>One version of a workflow, its definition in canonical JSON.</summary>
[GenerateSerializer, Immutable, Alias("pa.WorkflowVersion")]
public sealed record WorkflowVersion(
    [property: Id(0)] Guid WorkflowId,
    [property: Id(1)] int Version,
    [property: Id(2)] string Name,
    [property: Id(3)] string DefinitionJson,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] int LatestVersion)
{
    /// <summary>The project it is shared with and the least role that may use it; shown to its owner only.</summary>
    [Id(6)] public WorkflowSharing? Sharing { get; init; }

    [Id(7)] public bool IsOwner { get; init; } = true;
}

[GenerateSerializer, Immutable, Alias("pa.WorkflowSharing")]
public sealed record WorkflowSharing([property: Id(0)] Guid ProjectId, [property: Id(1)] string Role);

/// <summary>What a run starts from: the definition version it keeps for its whole life, its input and owner.</summary>
[GenerateSerializer, Immutable, Alias("pa.RunStart")]
public sealed record RunStart(
    [property: Id(0)] Guid WorkflowId,
    [property: Id(1)] int Version,
    [property: Id(2)] string DefinitionJson,
    [property: Id(3)] string InputJson,
    [property: Id(4)] Guid OwnerId,
    [property: Id(5)] Guid? ParentRunId = null,
    [property: Id(6)] int Depth = 0);

/// <summary>Why a step or a run failed: a stable code, a message, and the step it happened in.</summary>
[GenerateSerializer, Immutable, Alias("pa.RunError")]
public sealed record RunError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? StepId);

/// <summary>A step as <c>GET /api/v1/runs/{runId}</c> shows it.</summary>
[GenerateSerializer, Immutable, Alias("pa.StepView")]
public sealed record StepView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Status,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string? OutputJson,
    [property: Id(5)] RunError? Error,
    [property: Id(6)] DateTimeOffset? WaitingUntil);

/// <summary>A run as its owner sees it.</summary>
[GenerateSerializer, Immutable, Alias("pa.RunView")]
public sealed record RunView(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] Guid WorkflowId,
    [property: Id(2)] int Version,
    [property: Id(3)] string Status,
    [property: Id(4)] IReadOnlyList<StepView> Steps,
    [property: Id(5)] string? OutputJson,
    [property: Id(6)] RunError? Error,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? FinishedAt,
    [property: Id(9)] bool Paused = false);

/// <summary>One entry of a run's event history, as recorded.</summary>
[GenerateSerializer, Immutable, Alias("pa.RunEvent")]
public sealed record RunEvent(
    [property: Id(0)] int Seq,
    [property: Id(1)] string Type,
    [property: Id(2)] string? StepId,
    [property: Id(3)] int? Attempt,
    [property: Id(4)] DateTimeOffset Timestamp,
    [property: Id(5)] string? DataJson);

/// <summary>
/// What an executor reports about one attempt of a step: its output, or an error that may be retried. A step
/// may instead ask to wait (until a time, or for a signal).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.StepCompletion")]
public sealed record StepCompletion(
    [property: Id(0)] string StepId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string? OutputJson,
    [property: Id(3)] RunError? Error,
    [property: Id(4)] bool Retryable);

/// <summary>Run and step statuses of API.md.</summary>
public static class RunStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Waiting = "waiting";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>A step behind a false <c>if</c> (or behind a skipped step): it never runs, and the run goes on without it.</summary>
    public const string Skipped = "skipped";

    public static bool IsFinished(string status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>Stable reasons a workflow call is refused, and codes of step errors.</summary>
public static class WorkflowErrors
{
    public const string NotFound = "not_found";
    public const string InvalidWorkflow = "invalid_workflow";
    public const string RunFinished = "run_finished";

    /// <summary>Retrying a run that has not failed (it is under way, or succeeded, or was cancelled).</summary>
    public const string RunNotFailed = "run_not_failed";
    public const string AlreadyStarted = "run_already_started";

    /// <summary>An <c>Idempotency-Key</c> whose first run started more than 24 hours ago.</summary>
    public const string IdempotencyKeyExpired = "idempotency_key_expired";
    public const string TooManyEvents = "too_many_events";

    /// <summary>A number sent as a JSON string (API.md: numbers are numbers).</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A value (run input, signal payload, rendered input, step output) over <c>Workflows:MaxValueBytes</c>.</summary>
    public const string ValueTooLarge = "value_too_large";

    /// <summary>A value nested deeper than <c>Workflows:MaxValueDepth</c>.</summary>
    public const string ValueTooDeep = "value_too_deep";

    /// <summary>A value holding text that is not valid Unicode (a lone surrogate) or holds U+0000.</summary>
    public const string InvalidText = "invalid_text";

    /// <summary>A run whose history would pass <c>Workflows:MaxRunHistoryBytes</c>.</summary>
    public const string RunTooLarge = "run_too_large";

    public const string StepTimeout = "step_timeout";
    public const string InvalidInput = "invalid_step_input";
    public const string TemplateUnresolved = "template_unresolved";

    /// <summary>An <c>if</c> condition that cannot be decided on the run's values (not true or false, text compared with a number).</summary>
    public const string InvalidCondition = "invalid_condition";

    /// <summary>A <c>workflow.run</c> step whose child run failed or was cancelled; the message carries the child's error.</summary>
    public const string ChildFailed = "child_run_failed";

    /// <summary>Sharing with a project the workflow's owner is not a member of.</summary>
    public const string ProjectNotFound = "project_not_found";

    public const string ApprovalRejected = "approval_rejected";
    public const string ApprovalTimedOut = "approval_timed_out";

    /// <summary>A decision from someone other than the approval's assignee (the run's owner, say).</summary>
    public const string NotAssignee = "not_assignee";

    /// <summary>A decision for a step that is not an approval waiting for one.</summary>
    public const string NotAwaitingApproval = "not_awaiting_approval";

    /// <summary>A <c>foreach</c> over more elements than <c>Workflows:MaxForeachItems</c>.</summary>
    public const string ForeachTooManyItems = "foreach_too_many_items";

    /// <summary>A <c>workflow.run</c> nested deeper than <c>Workflows:MaxRunDepth</c>.</summary>
    public const string DepthExceeded = "run_depth_exceeded";
    public const string HostNotAllowed = "host_not_allowed";
    public const string HttpFailed = "http_failed";
    public const string DocumentRefused = "document_refused";
    public const string AiFailed = "ai_failed";
    public const string QuotaExceeded = "quota_exceeded";
    public const string Cancelled = "cancelled";
    public const string ExecutorFailed = "executor_failed";
}
