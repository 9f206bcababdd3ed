namespace PowerAutomation.Grains.Abstractions.Audit;

/// <summary>A security event for the audit log. <see cref="Kind"/> is one of <see cref="AuditKinds"/>.</summary>
[GenerateSerializer, Immutable, Alias("pa.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] Guid? UserId,
    [property: Id(2)] string? Subject,
    [property: Id(3)] string? IpAddress,
    [property: Id(4)] string? Detail,
    [property: Id(5)] DateTimeOffset OccurredAt);
