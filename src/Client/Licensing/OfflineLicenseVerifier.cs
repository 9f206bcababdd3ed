using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Client.Licensing;

/// <summary>
/// What an editor client runs without a network: checks a licence key or an activation certificate against the
/// published keys (<c>GET /api/v1/licenses/public-keys</c>, cached), the device it runs on, and the clock.
/// </summary>
public sealed class OfflineLicenseVerifier(LicenseKeySet keys, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public static OfflineLicenseVerifier FromJwks(string jwksJson, TimeProvider? time = null) => new(LicenseKeySet.FromJwks(jwksJson), time);

    public OfflineCheck<LicenseClaims> VerifyLicenseKey(string licenseKey)
    {
        if (!keys.TryOpenLicense(licenseKey, out var claims))
        {
            return new(false, LicenseReasons.InvalidLicense, null);
        }

        return claims!.ExpiresAt <= _time.GetUtcNow().ToUnixTimeSeconds()
            ? new(false, LicenseReasons.LicenseExpired, claims)
            : new(true, null, claims);
    }

    public OfflineCheck<ActivationClaims> VerifyCertificate(string certificate, string deviceId)
    {
        if (!keys.TryOpenActivation(certificate, out var claims))
        {
            return new(false, OfflineReasons.InvalidCertificate, null);
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (!string.Equals(claims!.DeviceId, deviceId, StringComparison.Ordinal))
        {
            return new(false, OfflineReasons.WrongDevice, claims);
        }

        if (claims.LicenseExpiresAt <= now)
        {
            return new(false, LicenseReasons.LicenseExpired, claims);
        }

        return claims.LeaseExpiresAt <= now ? new(false, OfflineReasons.LeaseExpired, claims) : new(true, null, claims);
    }
}

/// <summary>Result of an offline check: valid, or why not, with the claims when the signature held.</summary>
public sealed record OfflineCheck<T>(bool Valid, string? Reason, T? Claims) where T : class;

public static class OfflineReasons
{
    public const string InvalidCertificate = "invalid_certificate";
    public const string WrongDevice = "wrong_device";
    public const string LeaseExpired = "lease_expired";
}
