namespace PowerAutomation.Grains.Abstractions.Workflows.Triggers;

/// <summary>What starts a workflow by itself (API.md, "Workflows, wave 2").</summary>
public static class TriggerTypes
{
    public const string Webhook = "webhook";
    public const string Schedule = "schedule";
    public const string DocumentChanged = "document.changed";

    public static readonly IReadOnlyList<string> All = [Webhook, Schedule, DocumentChanged];
}

/// <summary>What a schedule does when its previous run is still going at the next fire.</summary>
public static class OverlapPolicies
{
    /// <summary>The fire is recorded as skipped and no run starts (the default).</summary>
    public const string Skip = "skip";

    /// <summary>Another run starts beside the one still going.</summary>
    public const string Allow = "allow";
}

public static class TriggerErrors
{
    public const string InvalidTrigger = "invalid_trigger";
    public const string TooManyTriggers = "too_many_triggers";
    public const string InvalidSignature = "invalid_signature";
    public const string StaleTimestamp = "stale_timestamp";
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>A fire refused because the schedule's previous run was still going (policy <c>skip</c>).</summary>
    public const string Overlap = "overlap";

    /// <summary>A fire whose workflow was gone, or whose owner lost access to the project.</summary>
    public const string WorkflowGone = "workflow_gone";
}
