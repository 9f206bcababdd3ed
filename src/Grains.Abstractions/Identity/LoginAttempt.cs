namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>
/// A password login, with the TOTP code (or a recovery code, in either field) when the account has MFA.
/// </summary>
[GenerateSerializer, Immutable, Alias("pa.LoginAttempt")]
public sealed record LoginAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string? TotpCode,
    [property: Id(2)] string? DeviceId,
    [property: Id(3)] string? IpAddress,
    [property: Id(4)] string? RecoveryCode = null)
{
    /// <summary>The client's User-Agent, shown with the session (truncated).</summary>
    [Id(5)] public string? UserAgent { get; init; }
}

/// <summary>Outcome of a login or refresh: on success the profile and a fresh refresh token.</summary>
[GenerateSerializer, Immutable, Alias("pa.SessionResult")]
public sealed record SessionResult(
    [property: Id(0)] SessionStatus Status,
    [property: Id(1)] UserProfile? Profile,
    [property: Id(2)] string? RefreshToken)
{
    public static SessionResult Failed(SessionStatus status) => new(status, null, null);
}

[GenerateSerializer, Alias("pa.SessionStatus")]
public enum SessionStatus
{
    Succeeded = 0,
    InvalidCredentials = 1,
    MfaRequired = 2,
    InvalidMfaCode = 3,
    InvalidToken = 4,
    TokenReused = 5,

    /// <summary>The password was right, but an administrator disabled the account.</summary>
    AccountDisabled = 6,
}
