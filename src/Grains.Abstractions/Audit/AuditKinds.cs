namespace PowerAutomation.Grains.Abstractions.Audit;

/// <summary>Stable names of audited security events.</summary>
public static class AuditKinds
{
    public const string UserRegistered = "user.registered";
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string LoginThrottled = "login.throttled";
    public const string RefreshTokenReused = "token.reused";
    public const string LoggedOut = "logout";
    public const string MfaEnrolmentStarted = "mfa.enrolment_started";
    public const string MfaEnabled = "mfa.enabled";
    public const string MfaDisabled = "mfa.disabled";
    public const string RecoveryCodesCreated = "mfa.recovery_codes_created";
    public const string RecoveryCodeUsed = "mfa.recovery_code_used";
    public const string UserClaimed = "user.claimed";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyDeleted = "api_key.deleted";
    public const string RoleGranted = "role.granted";
    public const string PasswordChanged = "password.changed";
    public const string LicenseIssued = "license.issued";
    public const string LicenseRevoked = "license.revoked";
    public const string LicenseActivated = "license.activated";
    public const string DeviceReleased = "license.device_released";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordResetUsed = "password.reset_used";
    public const string EmailVerificationSent = "email.verification_sent";
    public const string EmailVerified = "email.verified";
}
