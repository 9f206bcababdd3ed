using Orleans.Concurrency;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Grains.Identity;

/// <summary>Stateless and reentrant, so decoy checks never queue behind each other (queueing would time differently).</summary>
[StatelessWorker, Reentrant]
public sealed class DecoyLoginGrain(IPasswordHashing passwords) : Grain, IDecoyLoginGrain
{
    public async Task<SessionResult> Login(LoginAttempt attempt)
    {
        await passwords.VerifyAsync(null, attempt.Password);
        return SessionResult.Failed(SessionStatus.InvalidCredentials);
    }
}
