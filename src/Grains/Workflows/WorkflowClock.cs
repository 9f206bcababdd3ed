namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// The clock of workflow runs (timestamps, delays, retry backoff, step timeouts), apart from the one Orleans uses,
/// so tests can move workflow time without moving the cluster's.
/// </summary>
public sealed class WorkflowClock(TimeProvider time)
{
    public TimeProvider Time => time;
}
