using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Abstractions.Ai;

/// <summary>
/// The AI usage log for callers outside the silo (the gateway): a stateless worker that hands batches of rows to the
/// silo's batching writer without waiting for the database, and reads the log back newest first.
/// </summary>
[Alias("pa.IAiUsageLogGrain")]
public interface IAiUsageLogGrain : IGrainWithIntegerKey
{
    [OneWay, Alias("Append")]
    Task Append(IReadOnlyList<AiUsageRecord> records);

    [Alias("List")]
    Task<AiUsagePage> List(AiUsageQuery query, PageKey? after, int limit);
}

/// <summary>Which calls are asked for: every filter is optional; times are [From, To); Model is the model that served.</summary>
[GenerateSerializer, Immutable, Alias("pa.AiUsageQuery")]
public sealed record AiUsageQuery(
    [property: Id(0)] Guid? UserId,
    [property: Id(1)] string? Model,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To);

/// <summary>A stored call with its row id (its place in the log).</summary>
[GenerateSerializer, Immutable, Alias("pa.AiUsageEntry")]
public sealed record AiUsageEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] AiUsageRecord Record);

/// <summary>One UTC day's totals of the calls a query matches.</summary>
[GenerateSerializer, Immutable, Alias("pa.AiUsageDay")]
public sealed record AiUsageDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] long Calls,
    [property: Id(2)] long InputTokens,
    [property: Id(3)] long OutputTokens,
    [property: Id(4)] long CostMicroUsd);

/// <summary>A page of calls, and the daily totals of everything the query matches (not only this page).</summary>
[GenerateSerializer, Immutable, Alias("pa.AiUsagePage")]
public sealed record AiUsagePage(
    [property: Id(0)] Page<AiUsageEntry> Calls,
    [property: Id(1)] IReadOnlyList<AiUsageDay> Daily);
