using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Ai;

/// <summary>Hands the gateway's usage rows to the silo's batching writer, and pages through the log (keys: time, id as 32 hex digits).</summary>
[StatelessWorker]
public sealed class AiUsageLogGrain(IAiUsageLog log, IAiUsageReader reader) : Grain, IAiUsageLogGrain
{
    /// <summary>Daily totals cover at most this many days back from the range's end (a year), so the sum stays cheap.</summary>
    public static readonly TimeSpan MaxTotalsRange = TimeSpan.FromDays(366);

    public Task Append(IReadOnlyList<AiUsageRecord> records)
    {
        foreach (var record in records)
        {
            log.Append(record);
        }

        return Task.CompletedTask;
    }

    public async Task<AiUsagePage> List(AiUsageQuery query, PageKey? after, int limit)
    {
        limit = PageLimits.Clamp(limit);
        var rows = await reader.ListAsync(query, after, limit + 1);
        var daily = await reader.DailyAsync(query, MaxTotalsRange);
        return new AiUsagePage(Page<AiUsageEntry>.FromRows(rows, limit, e => new PageKey(e.Record.Time, KeyOf(e.Id))), daily);
    }

    public static string KeyOf(long id) => id.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The silo's usage sink. <see cref="Append"/> never blocks: rows are written in batches in the background.</summary>
public interface IAiUsageLog
{
    void Append(AiUsageRecord record);
}

/// <summary>The usage log's read side (the silo's PostgreSQL table).</summary>
public interface IAiUsageReader
{
    /// <summary>Up to <paramref name="take"/> calls matching <paramref name="query"/> strictly after <paramref name="after"/>, newest first.</summary>
    Task<IReadOnlyList<AiUsageEntry>> ListAsync(AiUsageQuery query, PageKey? after, int take, CancellationToken cancellationToken = default);

    /// <summary>Per UTC day totals of the matching calls, newest day first, over at most <paramref name="maxRange"/>.</summary>
    Task<IReadOnlyList<AiUsageDay>> DailyAsync(AiUsageQuery query, TimeSpan maxRange, CancellationToken cancellationToken = default);
}
