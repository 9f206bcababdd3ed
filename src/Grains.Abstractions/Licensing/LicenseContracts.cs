namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>What an administrator (or a paid order) asks for when issuing a licence.</summary>
[GenerateSerializer, Immutable, Alias("pa.LicenseIssue")]
public sealed record LicenseIssue(
    [property: Id(0)] string Email,
    [property: Id(1)] string Edition,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] int MaxDevices,
    [property: Id(4)] IReadOnlyList<string> Features,
    [property: Id(5)] QuotaLimits Limits,
    [property: Id(6)] string IssuedBy,
    [property: Id(7)] Guid? OrgId = null,
    [property: Id(8)] int Seats = 0);

[GenerateSerializer, Immutable, Alias("pa.LicenseIssued")]
public sealed record LicenseIssued(
    [property: Id(0)] string LicenseId,
    [property: Id(1)] string LicenseKey,
    [property: Id(2)] Guid OwnerId);

/// <summary>The parts of a licence that its owner's entitlements depend on.</summary>
[GenerateSerializer, Immutable, Alias("pa.LicenseSummary")]
public sealed record LicenseSummary(
    [property: Id(0)] string LicenseId,
    [property: Id(1)] Guid OwnerId,
    [property: Id(2)] string Edition,
    [property: Id(3)] IReadOnlyList<string> Features,
    [property: Id(4)] QuotaLimits Limits,
    [property: Id(5)] int MaxDevices,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] string? RevokedBecause)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedBecause is null && ExpiresAt > now;
}

/// <summary>A device holding a seat.</summary>
[GenerateSerializer, Immutable, Alias("pa.DeviceSeat")]
public sealed record DeviceSeat(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string? Name,
    [property: Id(2)] DateTimeOffset ActivatedAt,
    [property: Id(3)] DateTimeOffset LastSeenAt,
    [property: Id(4)] DateTimeOffset LeaseExpiresAt);

[GenerateSerializer, Immutable, Alias("pa.LicenseDetails")]
public sealed record LicenseDetails(
    [property: Id(0)] LicenseSummary Summary,
    [property: Id(1)] IReadOnlyList<DeviceSeat> Devices,
    [property: Id(2)] Guid? OrgId = null,
    [property: Id(3)] int Seats = 0,
    [property: Id(4)] IReadOnlyList<Guid>? SeatHolders = null);

/// <summary>Stable reasons a licence does not grant use, as API.md names them.</summary>
public static class LicenseReasons
{
    public const string InvalidLicense = "invalid_license";
    public const string LicenseExpired = "license_expired";
    public const string LicenseRevoked = "license_revoked";
    public const string DeviceLimitReached = "device_limit_reached";
    public const string DeviceNotActivated = "device_not_activated";
    public const string ActivationRateLimited = "activation_rate_limited";
}

/// <summary>Outcome of an activation: a certificate, or the reason there is none.</summary>
[GenerateSerializer, Immutable, Alias("pa.ActivationResult")]
public sealed record ActivationResult(
    [property: Id(0)] string? Reason,
    [property: Id(1)] LicenseSummary? License,
    [property: Id(2)] string? Certificate,
    [property: Id(3)] TimeSpan RetryAfter,
    [property: Id(4)] DateTimeOffset? LeaseExpiresAt = null);

/// <summary>Outcome of a validation (a device's check-in).</summary>
[GenerateSerializer, Immutable, Alias("pa.ValidationResult")]
public sealed record ValidationResult(
    [property: Id(0)] bool Valid,
    [property: Id(1)] string? Reason,
    [property: Id(2)] LicenseSummary? License);

/// <summary>What a user may use right now: the best valid licence's edition, features and limits.</summary>
[GenerateSerializer, Immutable, Alias("pa.Entitlements")]
public sealed record Entitlements(
    [property: Id(0)] string Edition,
    [property: Id(1)] IReadOnlyList<string> Features,
    [property: Id(2)] QuotaLimits Limits,
    [property: Id(3)] string? LicenseId,
    [property: Id(4)] DateTimeOffset? ValidUntil);

/// <summary>A user as they see themselves: profile and entitlements.</summary>
[GenerateSerializer, Immutable, Alias("pa.Account")]
public sealed record Account(
    [property: Id(0)] PowerAutomation.Grains.Abstractions.Identity.UserProfile Profile,
    [property: Id(1)] Entitlements Entitlements);
