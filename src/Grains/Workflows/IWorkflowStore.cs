using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// Where a run stands, for the <c>workflow_runs</c> index: status, when the recovery sweep should look, and when the
/// run finished (for the owner's list).
/// </summary>
public sealed record RunIndexEntry(
    Guid RunId,
    Guid WorkflowId,
    int Version,
    Guid OwnerId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SweepAfter,
    DateTimeOffset? FinishedAt = null);

/// <summary>A batch was refused because another writer already recorded events for this run (a split activation).</summary>
public sealed class RunConflictException(Guid runId) : Exception($"Run {runId} was written by someone else; reloading.");

/// <summary>The durable event history of runs (PostgreSQL in the silo).</summary>
public interface IWorkflowStore
{
    /// <summary>
    /// Appends events (numbered after the last recorded) and, when given, the run's index entry, all or nothing;
    /// completes only once durable. Throws <see cref="RunConflictException"/> when a sequence number was taken.
    /// </summary>
    Task AppendAsync(Guid runId, IReadOnlyList<RunEvent> events, RunIndexEntry? index, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunEvent>> LoadAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> events with a sequence number above <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<RunEvent>> LoadAsync(Guid runId, int after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Unfinished runs whose sweep time has come, oldest first.</summary>
    Task<IReadOnlyList<Guid>> DueForSweepAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);
}
