namespace PowerAutomation.Grains.Identity.Device;

/// <summary>The clock of device authorizations (expiry, poll pacing), apart from the cluster's, so tests can move it.</summary>
public sealed class DeviceClock(TimeProvider time)
{
    public TimeProvider Time => time;
}
