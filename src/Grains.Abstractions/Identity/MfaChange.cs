namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>What proves a change of the second factor: the current password or a current TOTP code.</summary>
[GenerateSerializer, Immutable, Alias("pa.MfaProof")]
public sealed record MfaProof(
    [property: Id(0)] string? Password,
    [property: Id(1)] string? Code);

/// <summary>Outcome of a change to the second factor, with what it produced on success.</summary>
[GenerateSerializer, Immutable, Alias("pa.MfaChangeResult")]
public sealed record MfaChangeResult(
    [property: Id(0)] MfaChangeStatus Status,
    [property: Id(1)] TimeSpan RetryAfter,
    [property: Id(2)] TotpEnrolment? Enrolment,
    [property: Id(3)] IReadOnlyList<string>? RecoveryCodes)
{
    public static MfaChangeResult Failed(MfaChangeStatus status, TimeSpan retryAfter = default) => new(status, retryAfter, null, null);
}

[GenerateSerializer, Alias("pa.MfaChangeStatus")]
public enum MfaChangeStatus
{
    Succeeded = 0,

    /// <summary>The account has MFA and neither a password nor a code was given.</summary>
    ProofRequired = 1,

    /// <summary>The password or code was wrong; it counts as a failed sign-in.</summary>
    InvalidProof = 2,

    /// <summary>Too many failed sign-ins or proofs: wait <see cref="MfaChangeResult.RetryAfter"/>.</summary>
    TooManyAttempts = 3,

    /// <summary>The account has no second factor to remove or back up.</summary>
    NotEnabled = 4,
}
