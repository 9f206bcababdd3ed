using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Gateway.Licensing;

public sealed record IssueLicenseRequest(
    string? Email, string? Edition, DateTimeOffset? ExpiresAt, int? MaxDevices, List<string>? Features, QuotaLimits? Limits);

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
