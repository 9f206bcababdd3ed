namespace PowerAutomation.Grains.Identity.Device;

[GenerateSerializer, Alias("pa.DeviceUserCodeState")]
public sealed class DeviceUserCodeState
{
    [Id(0)] public string? DeviceCodeHash { get; set; }

    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
