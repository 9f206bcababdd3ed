namespace PowerAutomation.Grains.Abstractions.Identity.Device;

/// <summary>
/// One device authorization (RFC 8628), keyed by the SHA-256 of its device code, so the code itself is never
/// stored. Not reentrant: each poll and each decision is one turn, so a device code yields tokens exactly once.
/// </summary>
[Alias("pa.IDeviceAuthorizationGrain")]
public interface IDeviceAuthorizationGrain : IGrainWithStringKey
{
    /// <summary>Records the request and reserves its user code.</summary>
    [Alias("Start")]
    Task<DeviceGrantStarted> Start(DeviceGrantRequest request);

    /// <summary>What is asking, for the person about to approve; null when unknown.</summary>
    [Alias("Describe")]
    Task<DeviceGrantInfo?> Describe();

    /// <summary>Approves or denies it on behalf of a signed-in user.</summary>
    [Alias("Decide")]
    Task<DeviceDecisionStatus> Decide(DeviceDecision decision);

    /// <summary>The device's token request: pending, slow down, denied, expired, or the session (once).</summary>
    [Alias("Poll")]
    Task<DevicePollResult> Poll();
}
