using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Audit;
using PowerAutomation.Grains.Email;

namespace PowerAutomation.Grains.Identity;

/// <summary>Stateless and reentrant like <see cref="DecoyLoginGrain"/>, so decoys never queue (queueing would time differently).</summary>
[StatelessWorker, Reentrant]
public sealed class PasswordResetDecoyGrain(IMailOutbox outbox, IAuditLog auditLog, TimeProvider time) : Grain, IPasswordResetDecoyGrain
{
    public async Task RequestPasswordReset(string email, string? ipAddress)
    {
        var token = new AccountToken(Guid.NewGuid(), SecretHasher.NewSecret());
        _ = SecretHasher.Hash(token.Secret);
        await outbox.RehearseAsync(AccountMailTemplates.PasswordReset(email, token.ToString(), TimeSpan.FromMinutes(30)));
        auditLog.Append(new AuditEvent(AuditKinds.PasswordResetRequested, null, email, ipAddress, "no_account", time.GetUtcNow()));
    }
}
