using PowerAutomation.Grains.Abstractions.Audit;
using PowerAutomation.Grains.Abstractions.Licensing;

namespace PowerAutomation.Grains.Licensing;

/// <summary>Device seats: activation with certificates, check-in, release.</summary>
public sealed partial class LicenseGrain
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromHours(1);

    public async Task<ActivationResult> Activate(string licenseKey, string deviceId, string? deviceName)
    {
        var now = time.GetUtcNow();
        if (Refusal(licenseKey, now) is { } reason)
        {
            return new ActivationResult(reason, null, null, TimeSpan.Zero);
        }

        var summary = state.State.Summary!;
        var released = ReleaseLapsed(now);
        var recent = state.State.RecentActivations;
        recent.RemoveAll(at => now - at >= RateWindow);
        if (recent.Count >= options.Value.ActivationsPerHour)
        {
            if (released)
            {
                await state.WriteStateAsync();
            }

            return new ActivationResult(LicenseReasons.ActivationRateLimited, summary, null, recent.Min() + RateWindow - now);
        }

        var devices = state.State.Devices;
        if (!devices.ContainsKey(deviceId) && devices.Count >= summary.MaxDevices)
        {
            if (released)
            {
                await state.WriteStateAsync();
            }

            return new ActivationResult(LicenseReasons.DeviceLimitReached, summary, null, TimeSpan.Zero);
        }

        var lease = Min(now + options.Value.ActivationLease, summary.ExpiresAt);
        var activatedAt = devices.TryGetValue(deviceId, out var existing) ? existing.ActivatedAt : now;
        devices[deviceId] = new DeviceSeat(deviceId, deviceName ?? existing?.Name, activatedAt, now, lease);
        recent.Add(now);
        await state.WriteStateAsync();

        var certificate = signer.Sign(SignedEnvelope.ActivationPrefix, new ActivationClaims(
            LicenseId, deviceId, summary.OwnerId.ToString(), summary.Edition, summary.Features,
            now.ToUnixTimeSeconds(), lease.ToUnixTimeSeconds(), summary.ExpiresAt.ToUnixTimeSeconds(), signer.ActiveKeyId));
        Audit(AuditKinds.LicenseActivated, deviceId);
        return new ActivationResult(null, summary, certificate, TimeSpan.Zero, lease);
    }

    public async Task<ValidationResult> Validate(string licenseKey, string deviceId)
    {
        var now = time.GetUtcNow();
        if (Refusal(licenseKey, now) is { } reason)
        {
            return new ValidationResult(false, reason, reason == LicenseReasons.InvalidLicense ? null : state.State.Summary);
        }

        var summary = state.State.Summary!;
        var released = ReleaseLapsed(now);
        if (!state.State.Devices.TryGetValue(deviceId, out var seat))
        {
            if (released)
            {
                await state.WriteStateAsync();
            }

            return new ValidationResult(false, LicenseReasons.DeviceNotActivated, summary);
        }

        // A check-in renews the lease.
        state.State.Devices[deviceId] = seat with { LastSeenAt = now, LeaseExpiresAt = Min(now + options.Value.ActivationLease, summary.ExpiresAt) };
        await state.WriteStateAsync();
        return new ValidationResult(true, null, summary);
    }

    public async Task<bool> Deactivate(string deviceId)
    {
        if (!state.State.Devices.Remove(deviceId))
        {
            return false;
        }

        await state.WriteStateAsync();
        Audit(AuditKinds.DeviceReleased, deviceId);
        return true;
    }

    /// <summary>Why this key grants nothing now, or null. Only the exact issued key is genuine.</summary>
    private string? Refusal(string licenseKey, DateTimeOffset now) => state.State switch
    {
        { Key: null } or { Summary: null } => LicenseReasons.InvalidLicense,
        var s when !string.Equals(s.Key, licenseKey, StringComparison.Ordinal) => LicenseReasons.InvalidLicense,
        { Summary.RevokedBecause: not null } => LicenseReasons.LicenseRevoked,
        var s when s.Summary!.ExpiresAt <= now => LicenseReasons.LicenseExpired,
        _ => null,
    };

    /// <summary>Drops seats whose lease ended; true when any was dropped.</summary>
    private bool ReleaseLapsed(DateTimeOffset now)
    {
        var lapsed = state.State.Devices.Values.Where(seat => seat.LeaseExpiresAt <= now).Select(seat => seat.DeviceId).ToList();
        foreach (var deviceId in lapsed)
        {
            state.State.Devices.Remove(deviceId);
            Audit(AuditKinds.DeviceReleased, deviceId + " (lease lapsed)");
        }

        return lapsed.Count > 0;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
