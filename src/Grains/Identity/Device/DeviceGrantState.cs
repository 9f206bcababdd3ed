using PowerAutomation.Grains.Abstractions.Identity.Device;

namespace PowerAutomation.Grains.Identity.Device;

[GenerateSerializer, Alias("pa.DeviceGrantState")]
public sealed class DeviceGrantState
{
    /// <summary>Canonical user code; null until started (and again once the authorization is done).</summary>
    [Id(0)] public string? UserCode { get; set; }

    [Id(1)] public string ClientId { get; set; } = "";

    [Id(2)] public string? DeviceName { get; set; }

    [Id(3)] public DateTimeOffset RequestedAt { get; set; }

    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(5)] public int IntervalSeconds { get; set; }

    [Id(6)] public DeviceGrantStatus Status { get; set; }

    [Id(7)] public Guid? DecidedBy { get; set; }

    [Id(8)] public string? IpAddress { get; set; }
}
