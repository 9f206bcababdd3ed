using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>An owner's workflows and runs, newest first, from the SQL indexes (stateless, any silo answers).</summary>
[Alias("pa.IWorkflowListingGrain")]
public interface IWorkflowListingGrain : IGrainWithIntegerKey
{
    /// <summary>The owner's workflows, newest created first, after <paramref name="after"/>.</summary>
    [Alias("ListWorkflows")]
    Task<Page<WorkflowListItem>> ListWorkflows(Guid ownerId, PageKey? after, int limit);

    /// <summary>The owner's runs that pass the filter, newest started first, after <paramref name="after"/>.</summary>
    [Alias("ListRuns")]
    Task<Page<RunListItem>> ListRuns(Guid ownerId, RunFilter filter, PageKey? after, int limit);
}
