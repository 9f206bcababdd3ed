using Orleans.Concurrency;

namespace PowerAutomation.Grains.Abstractions.Audit;

/// <summary>
/// Entry point to the audit log for callers outside the silo (the gateway). A stateless worker that hands
/// events to the silo's batching writer; it never waits for the database.
/// </summary>
[Alias("pa.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    /// <summary>Queues the event for the audit log.</summary>
    [OneWay, Alias("Append")]
    Task Append(AuditEvent auditEvent);
}
