namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>
/// Per-user allowances (<c>AiSpendPerDay</c> in micro-USD). In a licence every member is optional and overrides its edition's default; resolved
/// limits have every member set.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.QuotaLimits")]
public sealed record QuotaLimits(
    [property: Id(0)] long? AiRequestsPerDay = null,
    [property: Id(1)] long? AiTokensPerDay = null,
    [property: Id(2)] long? WorkflowRunsPerDay = null,
    [property: Id(3)] long? RequestsPerMinute = null,
    [property: Id(4)] long? AiSpendPerDay = null)
{
    /// <summary>These overrides laid over <paramref name="defaults"/>.</summary>
    public QuotaLimits Over(QuotaLimits defaults) => new(
        AiRequestsPerDay ?? defaults.AiRequestsPerDay,
        AiTokensPerDay ?? defaults.AiTokensPerDay,
        WorkflowRunsPerDay ?? defaults.WorkflowRunsPerDay,
        RequestsPerMinute ?? defaults.RequestsPerMinute,
        AiSpendPerDay ?? defaults.AiSpendPerDay);

    /// <summary>The first negative member's name, or null when all are absent or non-negative.</summary>
    public string? Invalid() =>
        AiRequestsPerDay < 0 ? "aiRequestsPerDay"
        : AiTokensPerDay < 0 ? "aiTokensPerDay"
        : WorkflowRunsPerDay < 0 ? "workflowRunsPerDay"
        : RequestsPerMinute < 0 ? "requestsPerMinute"
        : AiSpendPerDay < 0 ? "aiSpendPerDay"
        : null;
}
