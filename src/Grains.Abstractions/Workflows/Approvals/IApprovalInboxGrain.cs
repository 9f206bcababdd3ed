namespace PowerAutomation.Grains.Abstractions.Workflows.Approvals;

/// <summary>An approval waiting for someone's decision, as their inbox shows it.</summary>
[GenerateSerializer, Immutable, Alias("pa.ApprovalRequest")]
public sealed record ApprovalRequest(
    [property: Id(0)] Guid RunId,
    [property: Id(1)] string StepId,
    [property: Id(2)] Guid WorkflowId,
    [property: Id(3)] string Message,
    [property: Id(4)] DateTimeOffset RequestedAt,
    [property: Id(5)] DateTimeOffset? Until,
    [property: Id(6)] bool Escalated);

/// <summary>
/// The approvals waiting for one address (key: the e-mail address, lower case). Runs add their waiting approvals and
/// remove them once decided, escalated away or ended; a new entry is mailed to the address once.
/// </summary>
[Alias("pa.IApprovalInboxGrain")]
public interface IApprovalInboxGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(ApprovalRequest request);

    [Alias("Remove")]
    Task Remove(Guid runId, string stepId);

    /// <summary>Waiting approvals, newest first, at most <paramref name="limit"/>.</summary>
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ApprovalRequest>> List(int limit);
}
