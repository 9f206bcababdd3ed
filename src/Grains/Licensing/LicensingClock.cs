namespace PowerAutomation.Grains.Licensing;

/// <summary>The clock of licence leases and expiry, apart from the cluster's, so tests can move lease time without waiting.</summary>
public sealed class LicensingClock(TimeProvider time)
{
    public TimeProvider Time => time;
}
