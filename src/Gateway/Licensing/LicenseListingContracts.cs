using System.Text.Json.Serialization;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Gateway.Licensing;

/// <summary>A licence in the administrators' list; <c>devices</c> counts the seats held now.</summary>
public sealed record AdminLicenseResponse(
    string LicenseId, Guid OwnerId, string Email, string Edition, DateTimeOffset ExpiresAt, int MaxDevices, int Devices, bool Revoked,
    DateTimeOffset IssuedAt);

/// <summary>
/// One of the caller's licences: <c>GET /api/v1/licenses/{licenseId}</c>'s fields plus <c>revoked</c>, and the devices
/// holding a seat now (release one with <c>DELETE /api/v1/licenses/{licenseId}/devices/{deviceId}</c>). No key.
/// </summary>
public sealed record MyLicenseResponse(
    string LicenseId,
    Guid OwnerId,
    string Edition,
    IReadOnlyList<string> Features,
    QuotaLimits Limits,
    int MaxDevices,
    DateTimeOffset ExpiresAt,
    bool Revoked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RevokedBecause,
    IReadOnlyList<LicenseDeviceResponse> Devices);

public sealed record LicenseDeviceResponse(
    string DeviceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeviceName,
    DateTimeOffset ActivatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset LeaseExpiresAt);
