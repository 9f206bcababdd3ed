using Orleans.Concurrency;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// One run of a workflow (key: run id). Its event history in PostgreSQL is the source of truth: every step's start
/// and result is recorded before anything depending on it happens, and the grain rebuilds itself from the history
/// on whichever silo it is activated next. Callers other than the owner are told the run does not exist.
/// </summary>
[Alias("pa.IWorkflowRunGrain")]
public interface IWorkflowRunGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Records the run's start durably, then runs it. A run that has started already is left as it is and the answer is
    /// <see cref="WorkflowErrors.AlreadyStarted"/> (how an idempotent start learns its key was used before).
    /// </summary>
    [Alias("Start")]
    Task<string?> Start(RunStart start);

    /// <summary>The run now; null when it does not exist or is not the caller's.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<RunView?> Get(Guid callerId);

    /// <summary>The run once it has finished, or as it is when <paramref name="wait"/> has passed.</summary>
    [Alias("WaitUntilFinished"), AlwaysInterleave]
    Task<RunView?> WaitUntilFinished(Guid callerId, TimeSpan wait);

    /// <summary>Events with a sequence number above <paramref name="after"/>, oldest first.</summary>
    [Alias("GetEvents"), AlwaysInterleave]
    Task<IReadOnlyList<RunEvent>?> GetEvents(Guid callerId, int after, int limit);

    /// <summary>Lets steps under way finish and starts no new one until <see cref="Resume"/>. Null, or why it was refused.</summary>
    [Alias("Pause")]
    Task<string?> Pause(Guid callerId);

    [Alias("Resume")]
    Task<string?> Resume(Guid callerId);

    /// <summary>A failed run goes on from its failed steps, with new attempts; steps that succeeded keep their results.</summary>
    [Alias("Retry")]
    Task<string?> Retry(Guid callerId);

    /// <summary>Stops waiting and running steps and finishes the run as cancelled. Null, or why it was refused.</summary>
    [Alias("Cancel")]
    Task<string?> Cancel(Guid callerId);

    /// <summary>Records a signal; a step waiting for its name takes its payload. Null, or why it was refused.</summary>
    [Alias("Signal")]
    Task<string?> Signal(Guid callerId, string name, string payloadJson);

    /// <summary>
    /// The decision on a waiting <c>approval</c> step by its assignee (<paramref name="callerEmail"/>, verified by the
    /// caller). Null, or why it was refused: <c>not_found</c> (not the run's owner nor the assignee),
    /// <c>not_assignee</c>, <c>not_awaiting_approval</c>, <c>run_finished</c>.
    /// </summary>
    [Alias("DecideApproval")]
    Task<string?> DecideApproval(Guid callerId, string callerEmail, string stepId, bool approved, string? comment);

    /// <summary>Activates the run if needed and lets it carry on: timers, reminders and the recovery sweep call this.</summary>
    [Alias("Wake"), OneWay]
    Task Wake();

    /// <summary>An executor's report on one attempt of a step (silo-internal).</summary>
    [Alias("CompleteStep")]
    Task CompleteStep(StepCompletion completion);
}
