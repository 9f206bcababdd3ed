namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>Outcome of changing the password with the current one.</summary>
[GenerateSerializer, Immutable, Alias("pa.PasswordChangeResult")]
public sealed record PasswordChangeResult(
    [property: Id(0)] PasswordChangeStatus Status,
    [property: Id(1)] TimeSpan RetryAfter);

[GenerateSerializer, Alias("pa.PasswordChangeStatus")]
public enum PasswordChangeStatus
{
    Succeeded = 0,

    /// <summary>The current password was wrong; it counts as a failed sign-in.</summary>
    InvalidCredentials = 1,

    /// <summary>Too many failed sign-ins: wait <see cref="PasswordChangeResult.RetryAfter"/>.</summary>
    TooManyAttempts = 2,
}

/// <summary>What asking for a verification mail did.</summary>
[GenerateSerializer, Alias("pa.VerificationMailStatus")]
public enum VerificationMailStatus
{
    Sent = 0,
    AlreadyVerified = 1,
}
