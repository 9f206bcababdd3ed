namespace PowerAutomation.Grains.Abstractions.Identity.Device;

/// <summary>The index from a user code (canonical form) to the device authorization that holds it.</summary>
[Alias("pa.IDeviceUserCodeGrain")]
public interface IDeviceUserCodeGrain : IGrainWithStringKey
{
    /// <summary>Claims the code for a device authorization until it expires; false when another holds it.</summary>
    [Alias("Reserve")]
    Task<bool> Reserve(string deviceCodeHash, DateTimeOffset expiresAt);

    /// <summary>The device code hash the user code stands for, or null.</summary>
    [Alias("Find")]
    Task<string?> Find();

    /// <summary>Frees the code when its authorization is done.</summary>
    [Alias("Release")]
    Task Release(string deviceCodeHash);
}
