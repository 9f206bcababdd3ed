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
    public const string OrgCreated = "org.created";
    public const string OrgRenamed = "org.renamed";
    public const string OrgMemberInvited = "org.member_invited";
    public const string OrgMemberJoined = "org.member_joined";
    public const string OrgInvitationDeclined = "org.invitation_declined";
    public const string OrgMemberRemoved = "org.member_removed";
    public const string OrgMemberRoleChanged = "org.member_role_changed";
    public const string OrgSeatAssigned = "org.seat_assigned";
    public const string OrgSeatReleased = "org.seat_released";
}
