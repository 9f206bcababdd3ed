namespace PowerAutomation.Gateway.Errors;

/// <summary>The stable <c>code</c> values of problem responses. Clients switch on these, so they never change.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidJson = "invalid_json";
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string HeadersTooLarge = "headers_too_large";
    public const string UriTooLong = "uri_too_long";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string StorageUnavailable = "storage_unavailable";
    public const string InternalError = "internal_error";

    public const string EmailTaken = "email_taken";
    public const string WeakPassword = "weak_password";
    public const string InvalidEmail = "invalid_email";
    public const string InvalidCredentials = "invalid_credentials";
    public const string MfaRequired = "mfa_required";
    public const string InvalidMfaCode = "invalid_mfa_code";
    public const string TooManyAttempts = "too_many_attempts";
    public const string TokenReused = "token_reused";
    public const string ApiKeyLimitReached = "api_key_limit_reached";

    /// <summary>An API key used outside its scopes (docs/api-extensions.md, "Scoped API keys").</summary>
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>A key's requested scopes: unknown, repeated, empty or too many.</summary>
    public const string InvalidScope = "invalid_scope";
    public const string InvalidDisplayName = "invalid_display_name";
    public const string ReauthenticationRequired = "reauthentication_required";
    public const string MfaNotEnabled = "mfa_not_enabled";
    public const string InvalidName = "invalid_name";
    public const string TooManyInvitations = "too_many_invitations";
    public const string SessionEnded = "session_ended";
    public const string AccountDisabled = "account_disabled";
    public const string LastAdmin = "last_admin";

    // OIDC sign-in (docs/api-extensions.md, "OIDC sign-in").
    public const string InvalidRedirectUri = "invalid_redirect_uri";
    public const string InvalidState = "invalid_state";
    public const string OidcProviderError = "oidc_provider_error";
    public const string OidcProviderUnavailable = "oidc_provider_unavailable";
    public const string OidcExchangeFailed = "oidc_exchange_failed";
    public const string InvalidIdToken = "invalid_id_token";
    public const string OidcEmailMissing = "oidc_email_missing";
    public const string OidcEmailUnverified = "oidc_email_unverified";
    public const string InvalidCode = "invalid_code";

    // Device authorization (RFC 8628): the token endpoint's codes are the RFC's own `error` values.
    public const string AuthorizationPending = "authorization_pending";
    public const string SlowDown = "slow_down";
    public const string AccessDenied = "access_denied";
    public const string ExpiredToken = "expired_token";
    public const string InvalidGrant = "invalid_grant";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidClient = "invalid_client";
    public const string AlreadyDecided = "already_decided";

    public const string LastOwner = "last_owner";
    public const string NoSeatsLeft = "no_seats_left";
    public const string NotAnOrgMember = "not_an_org_member";
    public const string TooManyMembers = "too_many_members";
    public const string TooManyOrgs = "too_many_orgs";
    public const string LicenseRevoked = "license_revoked";
    public const string LicenseExpired = "license_expired";
    public const string EmailNotVerified = "email_not_verified";
    public const string EmailAlreadyVerified = "email_already_verified";

    /// <summary>The generic code for a status when nothing more specific was said.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => InvalidRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        431 => HeadersTooLarge,
        503 => ClusterUnavailable,
        >= 500 => InternalError,
        _ => InvalidRequest,
    };
}
