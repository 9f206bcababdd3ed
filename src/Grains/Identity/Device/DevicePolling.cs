using PowerAutomation.Grains.Abstractions.Identity.Device;

namespace PowerAutomation.Grains.Identity.Device;

/// <summary>The token-poll rules of RFC 8628 §3.5, apart from the grain: expiry first, then the answer for the status.</summary>
public static class DevicePolling
{
    /// <summary>How much each <c>slow_down</c> adds to the interval (RFC 8628 §3.5).</summary>
    public const int SlowDownStepSeconds = 5;

    public const int MaxIntervalSeconds = 300;

    public static DevicePollStatus Decide(DeviceGrantStatus status, DateTimeOffset expiresAt, DateTimeOffset? lastPollAt,
        int intervalSeconds, DateTimeOffset now)
    {
        if (status == DeviceGrantStatus.Issued)
        {
            return DevicePollStatus.Unknown;
        }

        if (now >= expiresAt)
        {
            return DevicePollStatus.Expired;
        }

        return status switch
        {
            DeviceGrantStatus.Approved => DevicePollStatus.Issued,
            DeviceGrantStatus.Denied => DevicePollStatus.Denied,

            // Only a still-pending request is paced: an answer that is ready is given at once.
            _ when lastPollAt is { } last && now - last < TimeSpan.FromSeconds(intervalSeconds) => DevicePollStatus.SlowDown,
            _ => DevicePollStatus.Pending,
        };
    }

    public static int SlowedDown(int intervalSeconds) => Math.Min(intervalSeconds + SlowDownStepSeconds, MaxIntervalSeconds);
}
