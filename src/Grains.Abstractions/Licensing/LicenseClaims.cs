using System.Text.Json.Serialization;

namespace PowerAutomation.Grains.Abstractions.Licensing;

/// <summary>The signed payload of a licence key (<c>PA1.…</c>). Times are Unix seconds.</summary>
public sealed record LicenseClaims(
    [property: JsonPropertyName("lid")] string LicenseId,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("edition")] string Edition,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("limits")] QuotaLimits Limits,
    [property: JsonPropertyName("maxDevices")] int MaxDevices,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt,
    [property: JsonPropertyName("kid")] string KeyId);

/// <summary>
/// The signed payload of an activation certificate (<c>PAC1.…</c>): one licence on one device until the lease
/// ends. Clients verify it offline and check in before <see cref="LeaseExpiresAt"/>.
/// </summary>
public sealed record ActivationClaims(
    [property: JsonPropertyName("lid")] string LicenseId,
    [property: JsonPropertyName("did")] string DeviceId,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("edition")] string Edition,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long LeaseExpiresAt,
    [property: JsonPropertyName("lexp")] long LicenseExpiresAt,
    [property: JsonPropertyName("kid")] string KeyId);
