namespace PowerAutomation.Grains.Abstractions.Identity;

/// <summary>One user: profile, password hash, roles, MFA, API keys and refresh-token families.</summary>
[Alias("pa.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the user; called by the e-mail index, idempotent for an unconfirmed registration.</summary>
    [Alias("Create")]
    Task<UserProfile> Create(Registration registration);

    /// <summary>Creates an account with no password for an address that has none (a licence bought for it).</summary>
    [Alias("CreateUnclaimed")]
    Task<UserProfile> CreateUnclaimed(string email);

    /// <summary>
    /// Sets the password (and display name) of an account nobody can sign in to yet; null when it already has one.
    /// </summary>
    [Alias("Claim")]
    Task<UserProfile?> Claim(Registration registration);

    /// <summary>The profile, or null when no such user exists.</summary>
    [Alias("GetProfile")]
    Task<UserProfile?> GetProfile();

    /// <summary>Checks the password (and TOTP) and opens a new refresh-token family.</summary>
    [Alias("Login")]
    Task<SessionResult> Login(LoginAttempt attempt);

    /// <summary>Rotates a refresh token; a spent token presented again revokes its whole family.</summary>
    [Alias("Refresh")]
    Task<SessionResult> Refresh(Guid familyId, string secret);

    /// <summary>Ends the refresh-token family the token belongs to.</summary>
    [Alias("Logout")]
    Task Logout(Guid familyId, string secret);

    /// <summary>
    /// Starts (or restarts) TOTP enrolment; the new secret takes effect when confirmed. When MFA is already on,
    /// it needs the current password or a current code.
    /// </summary>
    [Alias("BeginTotpEnrolmentWithProof")]
    Task<MfaChangeResult> BeginTotpEnrolment(MfaProof proof);

    /// <summary>Confirms the pending TOTP secret with a current code.</summary>
    [Alias("ConfirmTotp")]
    Task<bool> ConfirmTotp(string code);

    /// <summary>Turns MFA off (and drops the recovery codes); needs the current password or a current code.</summary>
    [Alias("RemoveTotp")]
    Task<MfaChangeResult> RemoveTotp(MfaProof proof);

    /// <summary>Replaces the recovery codes with fresh ones, returned once; needs MFA on and a proof.</summary>
    [Alias("CreateRecoveryCodes")]
    Task<MfaChangeResult> CreateRecoveryCodes(MfaProof proof);

    /// <summary>Creates an API key; the secret is returned once. Null when the user already holds the most allowed.</summary>
    [Alias("CreateApiKey")]
    Task<ApiKeyCreated?> CreateApiKey(string name, DateTimeOffset? expiresAt);

    /// <summary>Creates an API key limited by <paramref name="grant"/>; otherwise as <see cref="CreateApiKey"/>.</summary>
    [Alias("CreateScopedApiKey")]
    Task<ApiKeyCreated?> CreateScopedApiKey(string name, DateTimeOffset? expiresAt, ApiKeyGrant grant);

    /// <summary>This user's API keys, newest first, without secrets.</summary>
    [Alias("ListApiKeys")]
    Task<IReadOnlyList<ApiKeyDetails>> ListApiKeys();

    /// <summary>Deletes one of this user's API keys; false when the user has no such key.</summary>
    [Alias("DeleteApiKey")]
    Task<bool> DeleteApiKey(string keyId);

    /// <summary>Adds a system role.</summary>
    [Alias("GrantRole")]
    Task<UserProfile> GrantRole(string role);

    /// <summary>Records a licence issued to (or changed for) this user; pushes the new limits to the quota grains.</summary>
    [Alias("AttachLicense")]
    Task AttachLicense(PowerAutomation.Grains.Abstractions.Licensing.LicenseSummary license);

    /// <summary>The profile with the current entitlements in one call (what <c>GET /me</c> shows), or null.</summary>
    [Alias("GetAccount")]
    Task<PowerAutomation.Grains.Abstractions.Licensing.Account?> GetAccount();

    /// <summary>Edition, features and quota limits from the best licence valid now.</summary>
    [Alias("GetEntitlements")]
    Task<PowerAutomation.Grains.Abstractions.Licensing.Entitlements> GetEntitlements();

    /// <summary>Records the user's membership of a project (name and role), so the user can list projects.</summary>
    [Alias("RecordProject")]
    Task RecordProject(PowerAutomation.Grains.Abstractions.Projects.ProjectMembership membership);

    /// <summary>Drops a project from the user's list (they left or were removed, or it was deleted).</summary>
    [Alias("ForgetProject")]
    Task ForgetProject(Guid projectId);

    /// <summary>The projects the user belongs to.</summary>
    [Alias("GetProjects")]
    Task<IReadOnlyList<PowerAutomation.Grains.Abstractions.Projects.ProjectMembership>> GetProjects();

    /// <summary>Sets a new password (administrative bootstrap).</summary>
    [Alias("SetPassword")]
    Task SetPassword(string password);

    /// <summary>Every licence issued to the user, valid or not, as last pushed by the licence grains.</summary>
    [Alias("GetLicenses")]
    Task<IReadOnlyList<PowerAutomation.Grains.Abstractions.Licensing.LicenseSummary>> GetLicenses();

    /// <summary>Writes the user's row of the <c>users</c> read model again (the read-model repair at silo start).</summary>
    [Alias("Reindex")]
    Task Reindex();

    /// <summary>
    /// The revocation check behind every access token: whether the user is enabled and <paramref name="sessionId"/>
    /// (when the token names one) still open. Cheap and read-only; gateways cache the answer for a few seconds.
    /// </summary>
    [Alias("CheckSession")]
    Task<SessionCheck> CheckSession(Guid? sessionId);

    /// <summary>The open sessions, newest first.</summary>
    [Alias("GetSessions")]
    Task<IReadOnlyList<SessionInfo>> GetSessions();

    /// <summary>Ends one session; false when the user has no such open session.</summary>
    [Alias("EndSession")]
    Task<bool> EndSession(Guid sessionId);

    /// <summary>Ends every open session but <paramref name="keep"/> (every one when null); returns how many ended.</summary>
    [Alias("EndOtherSessions")]
    Task<int> EndOtherSessions(Guid? keep, string reason);

    /// <summary>
    /// Disables or enables the user (administrators, through the admin roster, which guards the last admin).
    /// Disabling ends every session; API keys stop working while disabled.
    /// </summary>
    [Alias("SetDisabled")]
    Task<UserProfile?> SetDisabled(bool disabled, Guid? by);

    /// <summary>Removes a system role (<c>member</c> stays).</summary>
    [Alias("RevokeRole")]
    Task<UserProfile?> RevokeRole(string role, Guid? by);

    /// <summary>
    /// Links a provider's identity to this account (the link index decided it may) and reports whether it may sign
    /// in. An existing account is linked only when the provider vouches for the e-mail; an account whose own address
    /// was never proved is reclaimed for the provider's user (see docs/architecture.md, OIDC sign-in).
    /// </summary>
    [Alias("LinkOidc")]
    Task<PowerAutomation.Grains.Abstractions.Identity.Oidc.OidcSignInStatus> LinkOidc(
        PowerAutomation.Grains.Abstractions.Identity.Oidc.OidcIdentity identity, bool newAccount);

    /// <summary>Whether this account holds the link and may sign in through it (<c>NotLinked</c> when it was dropped).</summary>
    [Alias("CheckOidcLink")]
    Task<PowerAutomation.Grains.Abstractions.Identity.Oidc.OidcSignInStatus> CheckOidcLink(string provider, string subject);

    /// <summary>Opens a refresh-token family for a provider sign-in (no password); fails when the link or account is gone.</summary>
    [Alias("OpenOidcSession")]
    Task<SessionResult> OpenOidcSession(string provider, string subject, string? ipAddress);

    /// <summary>
    /// Drops the links whose provider did not vouch for the address. For whoever proves the address another way
    /// (password reset, e-mail verification), so an identity that merely claimed it keeps no way in.
    /// </summary>
    [Alias("ForgetUnvouchedOidcLinks")]
    Task ForgetUnvouchedOidcLinks();

    /// <summary>
    /// Opens a refresh-token family for a device a signed-in person approved (RFC 8628), named after the device;
    /// fails for a disabled or missing account.
    /// </summary>
    [Alias("OpenDeviceSession")]
    Task<SessionResult> OpenDeviceSession(string deviceName, string? ipAddress);

    /// <summary>Records the user's membership of an organization (name and role), so the user can list their organizations.</summary>
    [Alias("RecordOrg")]
    Task RecordOrg(PowerAutomation.Grains.Abstractions.Organizations.OrgMembership membership);

    /// <summary>Drops an organization from the user's list (they left or were removed).</summary>
    [Alias("ForgetOrg")]
    Task ForgetOrg(Guid orgId);

    /// <summary>The organizations the user belongs to, as their grains last reported them.</summary>
    [Alias("GetOrgs")]
    Task<IReadOnlyList<PowerAutomation.Grains.Abstractions.Organizations.OrgMembership>> GetOrgs();

    /// <summary>Records a named seat of an organization licence (or its change); it counts in the entitlements like an own licence.</summary>
    [Alias("SetSeat")]
    Task SetSeat(PowerAutomation.Grains.Abstractions.Licensing.LicenseSummary license);

    /// <summary>Takes a named seat back: released, the user left the organization, or the licence was revoked.</summary>
    [Alias("DropSeat")]
    Task DropSeat(string licenseId);

    /// <summary>The named seats the user holds now (valid or not).</summary>
    [Alias("GetSeats")]
    Task<IReadOnlyList<PowerAutomation.Grains.Abstractions.Licensing.LicenseSummary>> GetSeats();

    /// <summary>
    /// Mails a single-use password-reset link (30 min); a newer request supersedes the older link. Does nothing for
    /// a disabled account, so the caller's answer is the same.
    /// </summary>
    [Alias("RequestPasswordReset")]
    Task RequestPasswordReset(string? ipAddress);

    /// <summary>
    /// Sets a new password with a mailed reset secret: ends every session, marks the e-mail verified. False for an
    /// expired, used, superseded or wrong secret (nothing changes).
    /// </summary>
    [Alias("ResetPassword")]
    Task<bool> ResetPassword(string secret, string newPassword, string? ipAddress);

    /// <summary>Mails a verification link (24 h), superseding an earlier one; nothing when already verified.</summary>
    [Alias("SendVerificationEmail")]
    Task<VerificationMailStatus> SendVerificationEmail();

    /// <summary>Marks the e-mail verified with a mailed secret; licences held for the address start to count.</summary>
    [Alias("VerifyEmail")]
    Task<bool> VerifyEmail(string secret);

    /// <summary>
    /// Changes the password given the current one (checked through the account's login throttle) and ends every
    /// session except <paramref name="keepSession"/> (the caller's, when known).
    /// </summary>
    [Alias("ChangePassword")]
    Task<PasswordChangeResult> ChangePassword(string currentPassword, string newPassword, Guid? keepSession);
}
