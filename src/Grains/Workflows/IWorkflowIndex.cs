using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows;

/// <summary>
/// The SQL indexes behind the owner's lists: <c>workflows</c> (kept in step by each workflow grain) and
/// <c>workflow_runs</c> (written by the run store with each run's events).
/// </summary>
public interface IWorkflowIndex
{
    /// <summary>Writes the workflow's row; a version older than the one recorded changes nothing.</summary>
    Task UpsertWorkflowAsync(Guid ownerId, WorkflowListItem workflow, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="take"/> of the owner's workflows strictly after <paramref name="after"/>, newest first.</summary>
    Task<IReadOnlyList<WorkflowListItem>> ListWorkflowsAsync(Guid ownerId, PageKey? after, int take, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="take"/> of the owner's runs passing the filter strictly after <paramref name="after"/>, newest first.</summary>
    Task<IReadOnlyList<RunListItem>> ListRunsAsync(Guid ownerId, RunFilter filter, PageKey? after, int take, CancellationToken cancellationToken = default);
}
