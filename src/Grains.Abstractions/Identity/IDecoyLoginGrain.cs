namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Answers a login for an e-mail with no account after the same password verification a real account costs,
/// so unknown and known addresses cannot be told apart by timing.
/// </summary>
[Alias("pa.IDecoyLoginGrain")]
public interface IDecoyLoginGrain : IGrainWithIntegerKey
{
    /// <summary>Always <see cref="SessionStatus.InvalidCredentials"/>, after one full password verification.</summary>
    [Alias("Login")]
    Task<SessionResult> Login(LoginAttempt attempt);
}
