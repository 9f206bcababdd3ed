namespace PowerAutomation.Grains.Abstractions.Quotas;

/// <summary>
/// The quota kinds of API.md. Four reset daily at UTC midnight (<c>ai_spend</c> counts micro-USD);
/// requests_per_minute is a GCRA rate.
/// </summary>
public static class QuotaKinds
{
    public const string AiRequests = "ai_requests";
    public const string AiTokens = "ai_tokens";
    public const string AiSpend = "ai_spend";
    public const string WorkflowRuns = "workflow_runs";
    public const string RequestsPerMinute = "requests_per_minute";

    public static IReadOnlyList<string> All { get; } = [AiRequests, AiTokens, AiSpend, WorkflowRuns, RequestsPerMinute];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
}
