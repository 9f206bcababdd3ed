using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Audit;

namespace PowerAutomation.Grains.Audit;

/// <summary>Hands events from outside the silo to the local batching writer.</summary>
[StatelessWorker]
public sealed class AuditLogGrain(IAuditLog auditLog) : Grain, IAuditLogGrain
{
    public Task Append(AuditEvent auditEvent)
    {
        auditLog.Append(auditEvent);
        return Task.CompletedTask;
    }
}
