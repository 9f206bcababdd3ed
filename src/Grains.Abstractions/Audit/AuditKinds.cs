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
    public const string SessionEnded = "session.ended";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string RoleRevoked = "role.revoked";
    public const string OidcLinked = "oidc.linked";
    public const string OidcAccountReclaimed = "oidc.account_reclaimed";
    public const string OidcSignedIn = "oidc.signed_in";
    public const string OidcLinkRefused = "oidc.link_refused";
    public const string OidcLinksDropped = "oidc.links_dropped";
    public const string DeviceRequested = "device.requested";
    public const string DeviceApproved = "device.approved";
    public const string DeviceDenied = "device.denied";
    public const string DeviceTokenIssued = "device.token_issued";
    public const string OrgCreated = "org.created";
    public const string OrgRenamed = "org.renamed";
    public const string OrgMemberInvited = "org.member_invited";
    public const string OrgMemberJoined = "org.member_joined";
    public const string OrgInvitationDeclined = "org.invitation_declined";
    public const string OrgMemberRemoved = "org.member_removed";
    public const string OrgMemberRoleChanged = "org.member_role_changed";
    public const string OrgSeatAssigned = "org.seat_assigned";
    public const string OrgSeatReleased = "org.seat_released";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordResetUsed = "password.reset_used";
    public const string EmailVerificationSent = "email.verification_sent";
    public const string EmailVerified = "email.verified";
}
