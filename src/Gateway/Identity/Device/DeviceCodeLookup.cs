using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Identity.Device;

namespace PowerAutomation.Gateway.Identity.Device;

/// <summary>
/// Finds the device authorization behind a typed user code, throttled: a user code has only ~34 bits, so each look-up
/// reserves an attempt per user and per client address (the login throttle's arithmetic, under their own keys) and
/// only a code that exists gives it back (RFC 8628 §5.1).
/// </summary>
public static class DeviceCodeLookup
{
    public sealed record Found(string? UserCode, string? DeviceCodeHash, DeviceGrantInfo? Info, ProblemHttpResult? Problem, string? RetryAfter);

    public static async Task<Found> FindAsync(IClusterClient cluster, Guid userId, string ip, string typed)
    {
        var byUser = cluster.GetGrain<ILoginThrottleGrain>($"device:{userId:N}");
        var byAddress = cluster.GetGrain<ILoginThrottleGrain>($"ip:device:{ip}");
        var waits = await Task.WhenAll(byUser.TryReserve(), byAddress.TryReserve());
        var wait = waits[0] > waits[1] ? waits[0] : waits[1];
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAll(
                waits[0] == TimeSpan.Zero ? byUser.Release() : Task.CompletedTask,
                waits[1] == TimeSpan.Zero ? byAddress.Release() : Task.CompletedTask);
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            return new Found(null, null, null, Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyAttempts,
                $"Too many wrong codes; try again in {seconds} s."), seconds.ToString(CultureInfo.InvariantCulture));
        }

        var userCode = DeviceCodes.Normalize(typed);
        var hash = userCode is null ? null : await cluster.GetGrain<IDeviceUserCodeGrain>(userCode).Find();
        var info = hash is null ? null : await cluster.GetGrain<IDeviceAuthorizationGrain>(hash).Describe();
        if (info is null)
        {
            return new Found(null, null, null, NotFound(), null);
        }

        await Task.WhenAll(byUser.Release(), byAddress.Release());
        return info.Status == DeviceGrantStatus.Expired
            ? new Found(userCode, hash, info, Expired(), null)
            : new Found(userCode, hash, info, null, null);
    }

    public static ProblemHttpResult NotFound() => Problems.NotFound("No device is waiting for this code. Check it and try again.");

    public static ProblemHttpResult Expired() =>
        Problems.Create(StatusCodes.Status410Gone, ErrorCodes.ExpiredToken, "This code has expired; start the sign-in on the device again.");
}
