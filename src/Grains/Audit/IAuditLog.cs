using PowerAutomation.Grains.Abstractions.Audit;

namespace PowerAutomation.Grains.Audit;

/// <summary>The silo's audit sink. <see cref="Append"/> never blocks: events are written in batches in the background.</summary>
public interface IAuditLog
{
    void Append(AuditEvent auditEvent);
}
