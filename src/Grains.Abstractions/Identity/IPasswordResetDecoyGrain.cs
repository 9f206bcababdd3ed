namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// Does for an address with no account the work a reset for a real one costs (a token, an outbox write that is
/// rolled back, an audit event), so the 202 takes the same time whether the account exists or not.
/// </summary>
[Alias("pa.IPasswordResetDecoyGrain")]
public interface IPasswordResetDecoyGrain : IGrainWithIntegerKey
{
    [Alias("RequestPasswordReset")]
    Task RequestPasswordReset(string email, string? ipAddress);
}
