using PowerAutomation.Grains.Abstractions.Paging;

namespace PowerAutomation.Grains.Abstractions.Audit;

/// <summary>Which audit events an administrator asks for: every filter is optional; times are [From, To).</summary>
[GenerateSerializer, Immutable, Alias("pa.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] Guid? UserId,
    [property: Id(1)] string? Kind,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To);

/// <summary>A stored audit event with its row id (its place in the log).</summary>
[GenerateSerializer, Immutable, Alias("pa.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] AuditEvent Event);

/// <summary>Reads the audit log for administrators, newest first, from the partitioned <c>audit_logs</c> table.</summary>
[Alias("pa.IAuditQueryGrain")]
public interface IAuditQueryGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<Page<AuditEntry>> List(AuditQuery query, PageKey? after, int limit);
}
