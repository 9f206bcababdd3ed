using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Gateway.Licensing;

/// <summary>API.md's licence; with <see cref="OrgId"/> and <see cref="Seats"/> (both or neither) an organization's, with named seats and no <see cref="Email"/>.</summary>
public sealed record IssueLicenseRequest(
    string? Email, string? Edition, DateTimeOffset? ExpiresAt, int? MaxDevices, List<string>? Features, QuotaLimits? Limits,
    Guid? OrgId = null, int? Seats = null);

public sealed record IssueLicenseResponse(string LicenseId, string LicenseKey);

public sealed record RevokeLicenseRequest(string? Reason);

public sealed record ActivateRequest(string? LicenseKey, string? DeviceId, string? DeviceName);

public sealed record ActivateResponse(
    string LicenseId, string Edition, IReadOnlyList<string> Features, DateTimeOffset ExpiresAt, string Certificate, DateTimeOffset LeaseExpiresAt);

public sealed record ValidateRequest(string? LicenseKey, string? DeviceId);

public sealed record ValidateResponse(bool Valid, string Edition, IReadOnlyList<string> Features, DateTimeOffset? ExpiresAt, string? Reason);

public sealed record LicenseResponse(
    string LicenseId, Guid OwnerId, string Edition, IReadOnlyList<string> Features, QuotaLimits Limits, int MaxDevices,
    DateTimeOffset ExpiresAt, string? RevokedBecause, IReadOnlyList<DeviceSeat> Devices);
