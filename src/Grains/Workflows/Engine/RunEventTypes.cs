namespace PowerAutomation.Grains.Workflows.Engine;

/// <summary>The entries of a run's history. Names are stored and served; they never change.</summary>
public static class RunEventTypes
{
    public const string RunStarted = "run_started";
    public const string StepStarted = "step_started";
    public const string StepSucceeded = "step_succeeded";
    public const string StepAttemptFailed = "step_attempt_failed";
    public const string StepFailed = "step_failed";
    public const string StepCancelled = "step_cancelled";
    public const string StepSkipped = "step_skipped";
    public const string SignalReceived = "signal_received";
    public const string RunSucceeded = "run_succeeded";
    public const string RunFailed = "run_failed";
    public const string RunCancelled = "run_cancelled";
    public const string RunPaused = "run_paused";
    public const string RunResumed = "run_resumed";
    public const string RunRetried = "run_retried";

    /// <summary>An approval whose assignee let its timeout pass goes to its <c>escalateTo</c>, with a new deadline.</summary>
    public const string ApprovalEscalated = "approval_escalated";
}
