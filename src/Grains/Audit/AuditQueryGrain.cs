using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Audit;

/// <summary>Pages through the audit log; keys are (occurred_at, id), the id as 32 hex digits like every cursor's.</summary>
[StatelessWorker]
public sealed class AuditQueryGrain(IAuditReader reader) : Grain, IAuditQueryGrain
{
    public async Task<Page<AuditEntry>> List(AuditQuery query, PageKey? after, int limit)
    {
        limit = PageLimits.Clamp(limit);
        var rows = await reader.ListAsync(query, after, limit + 1);
        return Page<AuditEntry>.FromRows(rows, limit, e => new PageKey(e.Event.OccurredAt, KeyOf(e.Id)));
    }

    public static string KeyOf(long id) => id.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The audit log's read side (the silo's PostgreSQL table).</summary>
public interface IAuditReader
{
    /// <summary>Up to <paramref name="take"/> events matching <paramref name="query"/> strictly after <paramref name="after"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, PageKey? after, int take, CancellationToken cancellationToken = default);
}
