namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>
/// The safety net (one per cluster, key 0): a reminder sweeps for runs that nobody is driving, such as those whose
/// silo died mid-step, and wakes them on a live silo.
/// </summary>
[Alias("pa.IWorkflowRecoveryGrain")]
public interface IWorkflowRecoveryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the sweep reminder (idempotent).</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduled();

    /// <summary>Runs one sweep now; returns how many runs were woken.</summary>
    [Alias("Sweep")]
    Task<int> Sweep();
}
