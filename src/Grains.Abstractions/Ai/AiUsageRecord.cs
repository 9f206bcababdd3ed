namespace PowerAutomation.Grains.Abstractions.Ai;

/// <summary>
/// One AI call as it ended, for the usage log: who called (user, API key), what was asked for and what served it,
/// tokens, cost, latency, time to first token and how it ended. Calls refused before they went upstream (quota,
/// scope, edition, bad request) have no record.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.AiUsageRecord")]
public sealed record AiUsageRecord(
    [property: Id(0)] string RequestId,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] Guid UserId,
    [property: Id(3)] string? ApiKeyId,
    [property: Id(4)] string Endpoint,
    [property: Id(5)] string ModelRequested,
    [property: Id(6)] string? ModelServed,
    [property: Id(7)] string? Provider,
    [property: Id(8)] long InputTokens,
    [property: Id(9)] long OutputTokens,
    [property: Id(10)] long CachedInputTokens,
    [property: Id(11)] long CostMicroUsd,
    [property: Id(12)] int LatencyMs,
    [property: Id(13)] int? TimeToFirstTokenMs,
    [property: Id(14)] string Status,
    [property: Id(15)] bool Streamed,
    [property: Id(16)] string? Edition);

/// <summary>How a recorded call ended.</summary>
public static class AiUsageStatuses
{
    /// <summary>The whole answer was delivered.</summary>
    public const string Ok = "ok";

    /// <summary>Part of a streamed answer was delivered before the caller or the provider broke off; charged for that part.</summary>
    public const string Partial = "partial";

    /// <summary>No provider answered, or the provider refused; nothing delivered, nothing charged.</summary>
    public const string Failed = "failed";

    /// <summary>The caller left before anything was delivered; nothing charged.</summary>
    public const string Cancelled = "cancelled";
}
