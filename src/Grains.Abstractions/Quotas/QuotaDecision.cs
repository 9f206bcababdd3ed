namespace PowerAutomation.Grains.Abstractions.Quotas;

/// <summary>
/// The answer to a check-and-consume: whether it was granted, and what the RateLimit headers report
/// (limit, remaining after this call, when the allowance resets, how long to wait when refused).
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.QuotaDecision")]
public sealed record QuotaDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] string Kind,
    [property: Id(2)] long Limit,
    [property: Id(3)] long Remaining,
    [property: Id(4)] DateTimeOffset ResetsAt,
    [property: Id(5)] TimeSpan RetryAfter);

/// <summary>One line of <c>GET /api/v1/me/quota</c>.</summary>
[GenerateSerializer, Immutable, Alias("pa.QuotaUsage")]
public sealed record QuotaUsage(
    [property: Id(0)] string Kind,
    [property: Id(1)] long Limit,
    [property: Id(2)] long Used,
    [property: Id(3)] long Remaining,
    [property: Id(4)] DateTimeOffset ResetsAt);
