using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Paging;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows;

/// <summary>Reads the owner's lists from the SQL indexes; one more row than asked says whether a next page exists.</summary>
[StatelessWorker]
public sealed class WorkflowListingGrain(IWorkflowIndex index) : Grain, IWorkflowListingGrain
{
    public async Task<Page<WorkflowListItem>> ListWorkflows(Guid ownerId, PageKey? after, int limit)
    {
        limit = PageLimits.Clamp(limit);
        var rows = await index.ListWorkflowsAsync(ownerId, after, limit + 1);
        return Page<WorkflowListItem>.FromRows(rows, limit, w => new PageKey(w.CreatedAt, w.WorkflowId.ToString("N")));
    }

    public async Task<Page<RunListItem>> ListRuns(Guid ownerId, RunFilter filter, PageKey? after, int limit)
    {
        limit = PageLimits.Clamp(limit);
        var rows = await index.ListRunsAsync(ownerId, filter, after, limit + 1);
        return Page<RunListItem>.FromRows(rows, limit, r => new PageKey(r.StartedAt, r.RunId.ToString("N")));
    }
}
